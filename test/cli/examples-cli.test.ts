import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { DATASETS, headroomCli, readSimpleCsv, REPO, tempDir } from '../helpers.ts';

// `headroom examples` as a script would use it, against the MNIST file read independently.
describe('headroom examples', () => {
  const dir = tempDir();
  const project = join(dir, 'm.headroom');
  const csv = join(DATASETS, 'mnist_test/mnist_test.csv');
  const rows = readSimpleCsv(csv);

  beforeAll(() => {
    expect(headroomCli(dir, 'import', csv, '--project', project).code).toBe(0);
  }, 60_000);

  it('lists the errors of a class, most confident first, as JSON', () => {
    const r = headroomCli(
      dir,
      'examples',
      project,
      '--errors',
      '--given',
      '9',
      '--sort',
      'confidence:desc',
      '--format',
      'json',
      '--limit',
      '1000',
    );
    expect(r.code).toBe(0);
    const out = JSON.parse(r.out) as { total: number; rows: { id: string; confidence: number }[] };
    const want = rows
      .map((x, pos) => ({
        id: x.id as string,
        label: x.label,
        prediction: x.prediction,
        confidence: x.confidence,
        pos,
      }))
      .filter((x) => x.label === '9' && x.prediction !== '9')
      .sort((a, b) => Number(b.confidence) - Number(a.confidence) || b.pos - a.pos);
    expect(out.total).toBe(want.length);
    expect(out.rows.map((x) => x.id)).toEqual(want.map((x) => x.id));
  });

  it('prints the confusion matrix as CSV with every example counted once', () => {
    const r = headroomCli(dir, 'examples', project, '--confusion', '--format', 'csv');
    expect(r.code).toBe(0);
    const lines = r.out.trim().split('\n');
    const head = (lines[0] as string).split(',');
    expect(head.slice(-4)).toEqual(['n', 'recall', 'precision', 'f1']);
    const k = head.length - 5; // the classes
    const body = lines.slice(1).map((l) => l.split(','));
    const cells = body.flatMap((l) => l.slice(1, 1 + k).map(Number));
    expect(cells.reduce((a, b) => a + b, 0)).toBe(rows.length);
    // Each row's n and recall are the CSV's count of that label and its share predicted right.
    for (const l of body) {
      const given = rows.filter((x) => x.label === l[0]);
      expect(Number(l[1 + k])).toBe(given.length);
      const right = given.filter((x) => x.prediction === l[0]).length;
      expect(Number(l[2 + k])).toBeCloseTo(right / given.length, 12);
    }
  });

  it('refuses a bad sort key with the usage text (exit 2)', () => {
    const r = headroomCli(dir, 'examples', project, '--sort', 'nope');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/--sort takes pos, id, confidence/);
  });

  it('stops quietly when the reader closes the pipe early (`| head -1`)', async () => {
    const child = spawn(
      process.execPath,
      [join(REPO, 'bin/headroom.mjs'), 'examples', project, '--limit', '10000'],
      {
        cwd: dir,
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let err = '';
    child.stderr.setEncoding('utf8').on('data', (t: string) => (err += t));
    // Close our end after the first chunk arrives, as `head -1` does: the rest meets a closed pipe.
    child.stdout.once('data', () => child.stdout.destroy());
    const code = await new Promise<number | null>((done) => child.on('close', (c) => done(c)));
    expect(err).not.toMatch(/EPIPE|Unhandled|at /);
    expect(code).toBe(0);
  }, 60_000);

  it('prints its own usage on --help', () => {
    const r = headroomCli(dir, 'examples', '--help');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^Usage:\n {2}headroom examples P\.headroom/);
    expect(r.out).not.toMatch(/headroom import/);
  });
});
