// npm run audit:electron: Electronegativity (Doyensec) over electron/, as an advisory report
// (reliability-tests.md S-03). It prints the findings with what we know of each, and always exits
// 0: the tool misses cases (a nodeIntegration set through a variable) and flags settings that our
// window factory makes (it reads one file at a time), so the tests of S-01/S-02 are what gates.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const REPO = join(import.meta.dirname, '../..');
const TOOL = '@doyensec/electronegativity@1.10.3';
/** Findings we know about, with why they do not apply (checked by the tests named). */
const KNOWN: Record<string, string> = {
  CSP_GLOBAL_CHECK:
    'the CSP lives in shared/csp.ts and renderer/index.html, outside electron/ (test/reliability/csp.test.ts)',
  AUXCLICK_JS_CHECK:
    'new windows and navigation are denied by the guards (test/electron/main-logic.test.ts, S-05)',
  CONTEXT_ISOLATION_JS_CHECK:
    'webPreferences come from buildWebPreferences() in web-preferences.ts (S-01 test)',
  SANDBOX_JS_CHECK: 'sandbox: true is set by buildWebPreferences() (S-01 test)',
  NODE_INTEGRATION_JS_CHECK: 'nodeIntegration: false is set by buildWebPreferences() (S-01 test)',
  OPEN_EXTERNAL_JS_CHECK:
    'openExternal runs only for isSafeExternalUrl() URLs (navigation.ts; S-05 test, allowlisted in S-02)',
  PRELOAD_JS_CHECK: 'the preload exposes one small API object, never ipcRenderer (S-02 scan)',
};

function electronVersion(): string {
  const p = join(REPO, 'node_modules/electron/package.json');
  return existsSync(p)
    ? (JSON.parse(readFileSync(p, 'utf8')) as { version: string }).version
    : '45.0.0';
}

const work = mkdtempSync(join(tmpdir(), 'headroom-eneg-'));
const sarif = join(work, 'electronegativity.sarif');
const version = electronVersion();
console.log(`Electronegativity (${TOOL}) over electron/, Electron ${version}; advisory only.`);
const run = spawnSync(
  'npx',
  [
    '--yes',
    TOOL,
    '-i',
    join(REPO, 'electron'),
    '-r',
    '-e',
    version,
    // A network check (it fetches Electron's release list), unreachable offline.
    '-x',
    'AvailableSecurityFixesGlobalCheck',
    '-o',
    sarif,
  ],
  { cwd: REPO, encoding: 'utf8', timeout: 600_000 },
);
if (!existsSync(sarif)) {
  console.log(`Electronegativity did not run (exit ${run.status}):\n${run.stderr || run.stdout}`);
  rmSync(work, { recursive: true, force: true });
  process.exit(0);
}

interface Result {
  ruleId: string;
  level: string;
  message?: { text?: string };
  locations?: {
    physicalLocation?: { artifactLocation?: { uri?: string }; region?: { startLine?: number } };
  }[];
}
const results = (
  JSON.parse(readFileSync(sarif, 'utf8')) as { runs: { results: Result[] }[] }
).runs.flatMap((r) => r.results);
for (const r of results) {
  const loc = r.locations?.[0]?.physicalLocation;
  const where = `${loc?.artifactLocation?.uri ?? '?'}:${loc?.region?.startLine ?? '?'}`;
  console.log(`${r.level.padEnd(7)} ${r.ruleId.padEnd(28)} ${where}`);
  console.log(`        ${(r.message?.text ?? '').split('\n')[0]}`);
  console.log(
    `        ${KNOWN[r.ruleId] ? `known: ${KNOWN[r.ruleId]}` : 'NEW: look at this finding'}`,
  );
}
// S-13: the Electron we build on is within the latest three majors (asks the npm registry).
const latest = spawnSync('npm', ['view', 'electron', 'dist-tags.latest'], { encoding: 'utf8' });
const latestMajor = Number(latest.stdout.trim().split('.')[0]);
const ourMajor = Number(version.split('.')[0]);
if (latest.status === 0 && Number.isFinite(latestMajor)) {
  const ok = latestMajor - ourMajor < 3;
  console.log(
    `electron-currency: ours ${version}, latest ${latest.stdout.trim()}: ${ok ? 'within' : 'NOT within'} the latest 3 majors`,
  );
} else console.log('electron-currency: the npm registry did not answer');
const unknown = results.filter((r) => !KNOWN[r.ruleId]).length;
console.log(
  `electronegativity: ${results.length} findings (${results.length - unknown} known and explained, ${unknown} new); advisory, exit 0`,
);
rmSync(work, { recursive: true, force: true });
