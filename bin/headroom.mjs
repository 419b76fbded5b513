#!/usr/bin/env node
// The `headroom` command. The sources are TypeScript that Node >= 22.18 runs directly (type
// stripping); `npx headroom` finds the project's own Node 22 first on PATH.
const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 22 || (major === 22 && minor < 18)) {
  console.error(
    `headroom: needs Node >= 22.18 (this is ${process.version}). Run it as \`npx headroom\` inside the project, which uses the Node 22 that \`npm install\` put in node_modules.`,
  );
  process.exit(1);
}
// A reader that stops early (`headroom examples P | head`) closes the pipe: stop quietly, as Unix
// tools do, instead of a stack trace about EPIPE.
process.stdout.on('error', (err) => {
  if (err.code === 'EPIPE') process.exit(0);
  throw err;
});
const { main } = await import('../electron/cli/main.ts');
const tty = process.stderr.isTTY;
const code = await main(process.argv.slice(2), {
  out: (t) => process.stdout.write(t + '\n'),
  err: (t) => process.stderr.write(t + '\n'),
  progress: tty ? (t) => process.stderr.write(`\r\x1b[2K${t}`) : undefined,
});
process.exitCode = code;
