import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createService } from '../../electron/core/handlers/service.ts';
import { tempDir } from '../helpers.ts';
import { recordFigure } from './figures.ts';
import { CAN_SWITCH_USER, headroomAsNobody } from './privileged.ts';

/**
 * Reliability I-08: paths that are not readable regular files are refused within a second with a
 * typed error, as an input file (preview and import) and as a project; none hangs (an unguarded
 * readFile on a FIFO or /dev/zero never returns).
 */
const dir = tempDir('headroom-paths-');
chmodSync(dir, 0o755);
const fifo = join(dir, 'pipe.csv');
execFileSync('mkfifo', [fifo]);
const folder = join(dir, 'folder.csv');
mkdirSync(folder);
const loop = join(dir, 'loop.csv');
symlinkSync(loop, loop);
const toFifo = join(dir, 'link-to-pipe.csv');
symlinkSync(fifo, toFifo);
const zero = join(dir, 'zero.csv');
symlinkSync('/dev/zero', zero);
/** Exactly 4096 characters: the contract's limit, and one past Linux's PATH_MAX (ENAMETOOLONG). */
const longPath = (() => {
  const head = join(dir, 'd');
  return (
    head +
    '/abc'.repeat(Math.floor((4096 - head.length - 6) / 4)).padEnd(4096 - head.length - 6, 'x') +
    '/f.csv'
  );
})();
const socketPath = join(dir, 'socket.csv');
const server: Server = createServer();
await new Promise<void>((r) => server.listen(socketPath, r));
afterAll(() => new Promise<void>((r) => server.close(() => r())));

const CASES: [string, string, string, RegExp][] = [
  ['a missing file', join(dir, 'missing.csv'), 'NOT_FOUND', /not found/],
  ['a directory', folder, 'NOT_A_FILE', /directory/],
  ['a FIFO', fifo, 'NOT_A_FILE', /named pipe/],
  ['a symlink to a FIFO', toFifo, 'NOT_A_FILE', /named pipe/],
  ['a symlink to /dev/zero', zero, 'NOT_A_FILE', /device/],
  ['a socket', socketPath, 'NOT_A_FILE', /socket/],
  ['a symlink loop', loop, 'NOT_A_FILE', /symbolic links/],
  ['a name too long', join(dir, `${'x'.repeat(300)}.csv`), 'NOT_FOUND', /too long/],
  ['a path too long (4096 characters)', longPath, 'NOT_FOUND', /file not found|too long/],
];

describe('unreadable paths are refused at once, never blocking (I-08)', () => {
  const service = createService();
  afterAll(() => service.close());
  let decided = 0;

  it('the long path is the length we meant', () => expect(longPath).toHaveLength(4096));

  for (const [what, path, code, message] of CASES) {
    it(`${what}: preview, import and project open`, async () => {
      for (const [method, input] of [
        ['imports.preview', { file: path }],
        ['imports.run', { project: join(dir, `${code}-${decided}.headroom`), file: path }],
        ['project.open', { path }],
      ] as const) {
        // A path that blocks (a FIFO, a device) would hang here: the test's own timeout catches it.
        const env = await service.dispatch(method, input);
        expect(env.ok, method).toBe(false);
        if (env.ok) continue;
        if (method === 'project.open') {
          expect(['NOT_FOUND', 'NOT_A_FILE', 'INVALID_INPUT'], method).toContain(env.error.code);
        } else {
          expect(env.error.code, `${method}: ${env.error.message}`).toBe(code);
          expect(env.error.message).toMatch(message);
        }
      }
      decided++;
    });
  }

  it.skipIf(!CAN_SWITCH_USER)('a file without read permission, as user nobody (EACCES)', () => {
    const secret = join(dir, 'secret.csv');
    writeFileSync(secret, 'id,label,prediction\n1,a,a\n');
    chmodSync(secret, 0o000);
    const r = headroomAsNobody(dir, 'import', secret, '--project', join(dir, 'np.headroom'));
    // No bound on r.ms: it is mostly a process start, which a busy machine slows; the refusal
    // itself is timed in-process by the cases above.
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/secret\.csv: permission denied/);
    const p = headroomAsNobody(dir, 'import', fifo, '--project', join(dir, 'np.headroom'));
    expect(p.code).toBe(1);
    expect(p.err).toMatch(/named pipe/);
    decided++;
  });

  it('summary', () => {
    recordFigure(
      'unreadable-paths',
      `${decided}/${CASES.length + (CAN_SWITCH_USER ? 1 : 0)} refused with a typed error, none blocked`,
    );
  });
});
