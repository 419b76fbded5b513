import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO } from '../helpers.ts';

/**
 * The figures and their wording do not move by accident: every shared dataset imported fresh
 * through the CLI gives the JSON and table reports whose SHA-256 test/bench/report-hashes.json
 * records (report-hashes.ts; the 1M generated project is left to the benchmark). A deliberate
 * change of a report is recorded with `node test/bench/report-hashes.ts --write`.
 */
describe('the reports of the shared datasets', () => {
  it('match the recorded hashes (JSON and table)', { timeout: 600_000 }, () => {
    const r = spawnSync(process.execPath, [join(REPO, 'test/bench/report-hashes.ts'), '--no-1m'], {
      encoding: 'utf8',
      maxBuffer: 1 << 24,
    });
    expect(r.stderr + r.stdout).toContain("all 9 projects' reports match");
    expect(r.status).toBe(0);
  });
});
