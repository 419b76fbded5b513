import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, symlinkSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO, tempDir } from '../helpers.ts';

/**
 * Issue #18.8: `headroom serve` works after `npm install` alone. A copy of the checkout's files
 * (what git tracks or would add: no out/ folder, so no built UI) with the installed packages, as
 * a fresh clone after `npm install` has them; `headroom serve` builds the UI on its first start,
 * says so, and GET / with the printed token gives the app with its favicon.
 */
describe('headroom serve after npm install alone', () => {
  const dir = tempDir('headroom-serve-fresh-');
  const copy = join(dir, 'repo');
  let child: ChildProcess | undefined;

  afterAll(() => {
    child?.kill('SIGTERM');
  });

  it('builds the UI once and serves the app, not a "not found" page', async () => {
    const files = execFileSync('git', ['ls-files', '-co', '--exclude-standard', '-z'], {
      cwd: REPO,
      encoding: 'utf8',
    })
      .split('\0')
      .filter((f) => f !== '' && f !== 'node_modules' && existsSync(join(REPO, f)));
    for (const f of files) {
      mkdirSync(dirname(join(copy, f)), { recursive: true });
      cpSync(join(REPO, f), join(copy, f));
    }
    symlinkSync(join(REPO, 'node_modules'), join(copy, 'node_modules'));
    expect(existsSync(join(copy, 'out/renderer'))).toBe(false);

    child = spawn(process.execPath, [join(copy, 'bin/headroom.mjs'), 'serve'], {
      cwd: dir,
      env: { ...process.env, XDG_CONFIG_HOME: join(dir, 'config') },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    const url = await new Promise<string>((done, fail) => {
      child?.stdout?.on('data', (d: Buffer) => {
        out += d.toString();
        const m = /serving on (\S+)/.exec(out);
        if (m) done(m[1] as string);
      });
      child?.on('exit', (code) => fail(new Error(`serve exited ${code}:\n${out}`)));
    });
    expect(out).toContain('Building the UI once');
    expect(out).not.toContain('could not be built');
    const page = await fetch(url);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('<div id="root"></div>');
    expect(html).toContain('favicon.svg');
    const icon = await fetch(new URL('/favicon.svg', url));
    expect(icon.status).toBe(200);
    expect(icon.headers.get('content-type')).toBe('image/svg+xml');
  });
});
