import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO, readSimpleCsv, tempDir } from '../helpers.ts';

/**
 * Issue #18.11: the README's notebook recipe (DataFrame -> CSV -> headroom import -> report JSON
 * -> DataFrame), run as written when python3 has pandas; otherwise the test says it skipped.
 */
const hasPandas = spawnSync('python3', ['-c', 'import pandas']).status === 0;
if (!hasPandas) console.log('notebook recipe: skipped, python3 has no pandas (pip install pandas)');

describe('the README notebook recipe', () => {
  it.skipIf(!hasPandas)('runs as written and its slice table equals a count of the CSV', () => {
    const readme = readFileSync(join(REPO, 'README.md'), 'utf8');
    const m = /<!-- notebook-recipe[^>]*-->\s*```python\n([\s\S]*?)```/.exec(readme);
    expect(m, 'the README has the recipe block').not.toBeNull();
    const dir = tempDir('headroom-notebook-');
    const script = join(dir, 'recipe.py');
    // The recipe prints its table; the test also saves it whole to check the figures.
    writeFileSync(script, `${m?.[1]}\nslices.to_csv("slices.csv", index=False)\n`);
    const r = spawnSync('python3', [script], {
      cwd: dir,
      encoding: 'utf8',
      env: { ...process.env, HEADROOM_DIR: REPO },
    });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain('device = phone');

    const preds = readSimpleCsv(join(dir, 'preds.csv'));
    const slices = new Map(readSimpleCsv(join(dir, 'slices.csv')).map((s) => [s.name, s]));
    for (const device of ['phone', 'laptop']) {
      const rows = preds.filter((p) => p.device === device);
      const correct = rows.filter((p) => p.prediction === p.label).length;
      const s = slices.get(`device = ${device}`);
      expect(Number(s?.n)).toBe(rows.length);
      expect(Number(s?.accuracy)).toBeCloseTo(correct / rows.length, 12);
    }
  });
});
