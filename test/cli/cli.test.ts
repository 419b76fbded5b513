import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DATASETS, headroomCli, sha256, tempDir } from '../helpers.ts';

const dir = tempDir();

const headroom = (...args: string[]) => headroomCli(dir, ...args);

describe('headroom CLI', () => {
  const project = join(dir, 'c10.headroom');

  it('imports CIFAR-10 and shows the roles and accuracy', () => {
    const r = headroom(
      'import',
      join(DATASETS, 'cifar10_test/cifar10_test.csv'),
      '--project',
      project,
    );
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/Imported 10,000 of 10,000 rows/);
    expect(r.out).toMatch(/mturk_checked\s+ignore\s+\[answer key: never an input\]/);
    expect(r.out).toMatch(
      /human_majority\s+human_signal \(categorical\)\s+\[derived from human votes: shown, not sliced\]/,
    );
  });

  it('info --json reports rows, roles, runs and humans', () => {
    const r = headroom('info', project, '--json');
    expect(r.code).toBe(0);
    const info = JSON.parse(r.out);
    expect(info.examples).toBe(10_000);
    expect(info.runs[0].accuracy).toBeCloseTo(0.9294, 10);
    expect(info.humans[0].n).toBe(10_000);
    expect(info.columns.find((c: { name: string }) => c.name === 'label').role).toBe('label');
    expect(headroom('info', project).out).toMatch(/accuracy 92\.94%/);
  });

  it('adds a second run with --run and tags with --as tags', () => {
    const jsonl = join(DATASETS, 'cifar10_test/cifar10_test.jsonl');
    const r = headroom('import', jsonl, '--project', project, '--run', 'from-jsonl', '--json');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out).kind).toBe('run');
    const info = JSON.parse(headroom('info', project, '--json').out);
    expect(info.runs.map((x: { name: string }) => x.name)).toEqual(['cifar10_test', 'from-jsonl']);
  });

  it('fails with a clear message, exit 1, and the project unchanged', () => {
    const before = sha256(project);
    const r = headroom('import', join(dir, 'missing.csv'), '--project', project, '--run', 'x');
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/missing\.csv: file not found/);
    const r2 = headroom('import', dir, '--project', project, '--run', 'x', '--format', 'csv');
    expect(r2.code).toBe(1);
    expect(r2.err).toMatch(/is a directory/);
    expect(sha256(project)).toBe(before);
  });

  it('bad usage exits 2 with the usage text', () => {
    const r = headroom('import', 'x.csv');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/needs --project/);
    expect(headroom('frobnicate').code).toBe(2);
    expect(headroom('import', 'x.csv', '--project', 'p', '--map', 'nonsense=x').code).toBe(1);
  });

  it('report: table, json, md and csv carry the same ranking', () => {
    const json = JSON.parse(headroom('report', project, '--format', 'json').out);
    expect(json.run).toBe('cifar10_test');
    expect(json.labels).toBe('original');
    expect(json.overall.accuracy).toBeCloseTo(0.9294, 10);
    const top = json.slices[0];
    const table = headroom('report', project, '--top', '5');
    expect(table.code).toBe(0);
    expect(table.out).toContain(top.name);
    expect(table.out).toMatch(/92\.9%/);
    const md = headroom('report', project, '--format', 'md').out;
    expect(md.split('\n')[5]).toContain(`| ${top.name} |`);
    const csv = headroom('report', project, '--format', 'csv').out.split('\r\n');
    expect(csv[0]).toMatch(
      /^id,kind,name,n,share,share_entered,accuracy,accuracy_ci_lo,accuracy_ci_hi,/,
    );
    expect(csv[2]).toContain(top.id);
    expect(csv).toHaveLength(json.slices.length + 2);
  });

  it('report table: overlapping gains are said not to add up; no human-derived or redundant row', () => {
    const json = JSON.parse(headroom('report', project, '--format', 'json').out);
    const gains = json.slices.map((s: { potential_gain: number | null }) => s.potential_gain ?? 0);
    const sum = gains.reduce((a: number, b: number) => a + b, 0);
    expect(sum).toBeGreaterThan(json.overall.potential_gain); // the premise: they overlap
    const table = headroom('report', project, '--top', '40').out.trimEnd().split('\n');
    expect(table.at(-1)).toBe(
      'Gains of overlapping slices do not add up: each is what that slice alone would add.',
    );
    expect(table.filter((l) => /^human_/.test(l))).toEqual([]);
    // Rows after "all examples" (title, blank line, head, overall) and before the footer.
    const n = (l: string) => Number(/\s(\d+)\s+\d+\.\d%/.exec(l)?.[1]);
    const body = table.slice(4, -2);
    expect(body.map(n)).toEqual(json.slices.map((s: { n: number }) => s.n));
    expect(body.filter((l) => n(l) >= 0.99 * json.overall.n)).toEqual([]);
  });

  it('tag, rule, hlp and weight change the report', () => {
    expect(headroom('tag', project, 'car noise', '--ids', '17,42,99').out).toMatch(
      /Tagged 3 examples "car noise" \(new tag\)/,
    );
    expect(
      headroom('tag', project, 'shaky', '--where', 'confidence < 0.5 and label = "cat"').code,
    ).toBe(0);
    expect(
      headroom(
        'rule',
        'add',
        project,
        'noisy animals',
        'class_group = "animal" and confidence < 0.9',
      ).out,
    ).toMatch(/Rule "noisy animals" saved: \d+ examples match/);
    expect(
      headroom(
        'hlp',
        'set',
        project,
        'car noise',
        '0.93',
        '--source',
        '2 labelers, 200 clips',
        '--n',
        '200',
      ).code,
    ).toBe(0);
    expect(
      headroom('weight', project, 'car noise', '--ease', '0.5', '--importance', '2').code,
    ).toBe(0);
    const json = JSON.parse(headroom('report', project, '--format', 'json').out);
    const car = json.slices.find((s: { name: string }) => s.name === 'car noise');
    expect(car).toMatchObject({
      kind: 'tag',
      n: 3,
      hlp: 0.93,
      hlp_n: 200,
      hlp_source: '2 labelers, 200 clips',
      ease: 0.5,
      importance: 2,
      too_small: true,
    });
    expect(json.slices.find((s: { name: string }) => s.name === 'noisy animals')?.kind).toBe(
      'rule',
    );
    const bad = headroom('rule', 'add', project, 'broken', 'confidence <');
    expect(bad.code).toBe(1);
    expect(bad.err).toMatch(/expected a value.*character 13/);
    expect(headroom('tags', project, 'list').out).toMatch(/car noise\t3/);
  });

  it('share set enters a production share that the report marks; share clear measures it again', () => {
    const set = headroom('share', 'set', project, 'label = cat', '25%');
    expect(set.err).toBe('');
    expect(set.out).toMatch(/Share of "label = cat" set to 25\.00%/);
    const json = JSON.parse(headroom('report', project, '--format', 'json').out);
    const cat = json.slices.find((s: { name: string }) => s.name === 'label = cat');
    expect(cat).toMatchObject({ n: 1000, share: 0.25, share_entered: true });
    expect(cat.potential_gain).toBeCloseTo(Math.max(cat.gap, 0) * 0.25, 12);
    const table = headroom('report', project, '--top', '40').out;
    expect(table).toMatch(/label = cat\s+class\s+1000\s+25\.0%\*/);
    expect(table).toContain('* share entered: the expected share of production data');
    const csv = headroom('report', project, '--format', 'csv').out.split('\n');
    expect(csv.find((l) => l.includes(',label = cat,'))).toMatch(/,1000,0\.25,true,/);
    expect(headroom('share', 'set', project, 'overall', '0.5').err).toMatch(
      /share of all examples is 100%/,
    );
    expect(headroom('share', 'set', project, 'label = cat', '1.5').code).toBe(2);
    expect(headroom('share', 'clear', project, 'label = cat').code).toBe(0);
    const after = JSON.parse(headroom('report', project, '--format', 'json').out);
    expect(after.slices.find((s: { name: string }) => s.name === 'label = cat')).toMatchObject({
      share: 0.1,
      share_entered: false,
    });
  });
});
