import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { wilson } from '../../electron/core/analysis/intervals.ts';
import type { Report } from '../../shared/report.ts';
import { generateLoans, writeLoanFiles } from '../fixtures/loan-generator.ts';
import { headroomCli, tempDir } from '../helpers.ts';

/**
 * Issue #15, requirements, targets and the saved reference (analysis.md 8.4) through the real
 * CLI on the loan project: one group fails, one is at risk, the rest are ok; the settings are
 * kept in the project file (each CLI call reopens it).
 */
const dir = tempDir('headroom-requirements-report-');
const project = join(dir, 'loans.headroom');
const rows = generateLoans();

const cli = (...args: string[]) => headroomCli(dir, ...args);
const json = (...args: string[]) => JSON.parse(cli(...args).out) as Report;

beforeAll(() => {
  const files = writeLoanFiles(dir, rows);
  expect(cli('import', files.examples, '--project', project, '--run', 'new').code).toBe(0);
  expect(cli('import', files.old, '--project', project, '--as', 'run', '--run', 'old').code).toBe(
    0,
  );
}, 120_000);

describe('requirements on the loan project', () => {
  it('no requirement: --fail-on-requirement exits 0', () => {
    expect(cli('report', project, '--fail-on-requirement').code).toBe(0);
  });

  it('age_band=* >= 0.85 and income_band = low >= 0.85: fails, at_risk, ok; exit 3 only with the flag', () => {
    expect(cli('require', project, 'age_band=*', '>= 0.85').code).toBe(0);
    expect(cli('require', project, 'income_band = low', '>= 85%', '--source', 'policy').code).toBe(
      0,
    );
    const rep = json('report', project, '--format', 'json');
    const status = new Map(rep.slices.map((s) => [s.name, s.requirement_status]));
    // Independent: Wilson intervals of the rows' own counts against 0.85.
    const expected = (pick: (r: (typeof rows)[number]) => boolean) => {
      const g = rows.filter(pick);
      const ci = wilson(g.filter((r) => r.prediction === r.label).length, g.length);
      return ci[0] >= 0.85 ? 'ok' : ci[1] < 0.85 ? 'fails' : 'at_risk';
    };
    for (const band of ['18-25', '26-40', '41-60', '60+']) {
      expect([band, status.get(`age_band = ${band}`)]).toEqual([
        band,
        expected((r) => r.age_band === band),
      ]);
    }
    expect(status.get('age_band = 18-25')).toBe('fails');
    expect(status.get('income_band = low')).toBe('at_risk');
    expect(status.get('age_band = 26-40')).toBe('ok');
    expect(status.get('region = south')).toBeNull();
    expect(rep.slices.find((s) => s.name === 'income_band = low')?.requirement).toBe('>= 0.85');

    expect(cli('report', project).code).toBe(0);
    const failed = cli('report', project, '--fail-on-requirement');
    expect(failed.code).toBe(3);
    expect(failed.err).toContain('age_band = 18-25');
    // Only at_risk left: no failure.
    expect(cli('require', project, 'age_band=*', '>= 0.6').code).toBe(0);
    expect(cli('report', project, '--fail-on-requirement').code).toBe(0);
    expect(cli('require', 'clear', project, 'age_band=*').err).toBe('');
  });

  it('a relative requirement is judged against the overall point value', () => {
    expect(cli('require', project, 'region=*', '>= overall - 0.02').code).toBe(0);
    const rep = json('report', project, '--format', 'json');
    const overall = rows.filter((r) => r.prediction === r.label).length / rows.length;
    for (const region of ['north', 'south', 'east', 'west', 'central']) {
      const g = rows.filter((r) => r.region === region);
      const ci = wilson(g.filter((r) => r.prediction === r.label).length, g.length);
      const bound = overall - 0.02;
      const want = ci[0] >= bound ? 'ok' : ci[1] < bound ? 'fails' : 'at_risk';
      const s = rep.slices.find((x) => x.name === `region = ${region}`);
      expect([region, s?.requirement_status]).toEqual([region, want]);
    }
    expect(cli('require', 'clear', project, 'region=*').code).toBe(0);
  });

  it('a bad requirement is refused with its position; nothing is saved', () => {
    const r = cli('require', project, 'all', '> 0.9');
    expect(r.code).not.toBe(0);
    expect(r.err).toMatch(/column|position/i);
    const rep = json('report', project, '--format', 'json');
    expect(rep.overall.requirement).toBeNull();
  });

  it('target and the saved reference survive reopening; report states them', () => {
    expect(cli('target', 'set', project, 'all', '0.99', '--source', 'contract').code).toBe(0);
    expect(cli('reference', 'set', project, 'target').code).toBe(0);
    const rep = json('report', project, '--format', 'json');
    expect(rep.reference).toBe('target');
    const south = rows.filter((r) => r.region === 'south');
    const acc = south.filter((r) => r.prediction === r.label).length / south.length;
    const s = rep.slices.find((x) => x.name === 'region = south');
    expect(s?.reference_source).toBe('target');
    expect(s?.reference_value).toBe(0.99);
    expect(Math.abs((s?.gap as number) - (0.99 - acc))).toBeLessThan(1e-12);
    expect(cli('reference', 'set', project, 'run:old').code).toBe(0);
    expect(json('report', project, '--format', 'json').reference).toBe('run:old');
    expect(cli('reference', 'clear', project).code).toBe(0);
    expect(json('report', project, '--format', 'json').reference).toBe('best');
    expect(cli('target', 'clear', project, 'all').code).toBe(0);
    expect(cli('reference', 'set', project, 'run:nope').code).not.toBe(0);
  });
});
