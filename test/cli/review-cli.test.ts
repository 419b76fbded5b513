import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DATASETS, headroomCli, tempDir } from '../helpers.ts';

const dir = tempDir();

const headroom = (...args: string[]) => headroomCli(dir, ...args);

describe('headroom suspects and review', () => {
  const a = join(dir, 'a.headroom');
  const b = join(dir, 'b.headroom');
  const file = join(DATASETS, 'mnist_test/mnist_test.csv');

  it('lists suspects as CSV and JSON', () => {
    expect(headroom('import', file, '--project', a).code).toBe(0);
    const csv = headroom('suspects', a, '--top', '5', '--format', 'csv');
    expect(csv.code).toBe(0);
    const lines = csv.out.trim().split('\r\n');
    expect(lines[0]).toBe(
      'rank,id,label,prediction,likely,self_confidence,margin,human_agreement,score,reasons',
    );
    expect(lines).toHaveLength(6);
    const json = JSON.parse(headroom('suspects', a, '--top', '3', '--format', 'json').out);
    expect(json.source).toBe('probabilities');
    expect(json.suspects).toHaveLength(3);
    expect(headroom('suspects', a, '--top', '3').out).toMatch(/most suspicious first/);
  });

  it('verdicts export and re-import into another project give the same current labels', () => {
    const top = JSON.parse(headroom('suspects', a, '--top', '3', '--format', 'json').out)
      .suspects as {
      id: string;
      likely: string;
    }[];
    const [s1, s2, s3] = top as [(typeof top)[0], (typeof top)[0], (typeof top)[0]];
    expect(
      headroom('review', 'verdict', a, s1.id, 'wrong', '--to', s1.likely, '--reviewer', 'ana').code,
    ).toBe(0);
    expect(headroom('review', 'verdict', a, s2.id, 'correct', '--reviewer', 'ana').code).toBe(0);
    expect(headroom('review', 'verdict', a, s3.id, 'ambiguous').code).toBe(0);
    expect(headroom('review', 'undo', a).out).toMatch(/undone/);
    const exported = headroom('review', 'export', a).out;
    const rows = exported.trim().split('\r\n');
    expect(rows).toHaveLength(3);
    const csv = join(dir, 'corrections.csv');
    writeFileSync(csv, exported);
    expect(headroom('import', file, '--project', b).code).toBe(0);
    const imp = headroom('import', csv, '--project', b, '--as', 'verdicts', '--json');
    expect(imp.code).toBe(0);
    expect(JSON.parse(imp.out).rowsImported).toBe(2);
    const strip = (text: string) =>
      text
        .trim()
        .split('\r\n')
        .map((l) => l.split(',').slice(0, 5).join(','));
    expect(strip(headroom('review', 'export', b).out)).toEqual(strip(exported));
    const corrected = JSON.parse(
      headroom('report', b, '--labels', 'corrected', '--format', 'json').out,
    );
    const original = JSON.parse(headroom('report', b, '--format', 'json').out);
    expect(corrected.labels).toBe('corrected');
    expect(corrected.overall.accuracy).not.toBe(original.overall.accuracy);
  });

  it('a verdicts file with bad rows reports them', () => {
    const bad = join(dir, 'bad-verdicts.csv');
    writeFileSync(bad, 'id,verdict,corrected\n1,wrong,\n2,maybe,\n3,correct,7\n4,correct,\n');
    const r = headroom('import', bad, '--project', b, '--as', 'verdicts', '--json');
    expect(r.code).toBe(0);
    const s = JSON.parse(r.out);
    expect(s.rowsImported).toBe(1);
    expect(s.rejects.map((x: { line: number }) => x.line)).toEqual([2, 3, 4]);
  });
});
