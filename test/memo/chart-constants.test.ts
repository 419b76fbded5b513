import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { GAP_SHARE_CHART } from '../../shared/chart-scale.ts';
import { gapShareSvg } from '../../electron/core/memo/memo-svg.ts';
import { REPO, tempDir } from '../helpers.ts';
import { cifarReport } from './memo-fixtures.ts';

/**
 * The gap × share chart has one source of sizes and colours (GAP_SHARE_CHART): the dashboard's
 * stylesheet holds the same light-theme colours, and the memo's SVG (a real CIFAR-10 report)
 * draws with those colours and that dot radius only.
 */
describe('the gap × share chart: one source of colours and sizes', () => {
  it("styles.css's light theme has the chart's colours", () => {
    const css = readFileSync(join(REPO, 'renderer/src/styles.css'), 'utf8');
    const root = css.slice(css.indexOf(':root'), css.indexOf('}', css.indexOf(':root')));
    const variable = (name: string) => new RegExp(`--${name}:\\s*([^;]+);`).exec(root)?.[1];
    const c = GAP_SHARE_CHART.colours;
    expect({
      accent: variable('accent'),
      accentSoft: variable('accent-soft'),
      muted: variable('muted'),
      line: variable('line'),
      fg: variable('fg'),
    }).toEqual(c);
  });

  it(
    "the memo's chart uses those colours and the dot radius, nothing else",
    { timeout: 120_000 },
    () => {
      const svg = gapShareSvg(cifarReport(tempDir('headroom-chart-')).slices);
      const colours = new Set(
        [...svg.matchAll(/(?:fill|stroke)="(#[0-9a-fA-F]+)"/g)].map((m) => m[1]),
      );
      expect(colours.size).toBeGreaterThan(2);
      const allowed = new Set<string>(Object.values(GAP_SHARE_CHART.colours));
      for (const c of colours) expect(allowed.has(c as string), c).toBe(true);
      const radii = new Set(
        [...svg.matchAll(/<circle [^>]*r="([\d.]+)"/g)].map((m) => Number(m[1])),
      );
      expect([...radii]).toEqual([GAP_SHARE_CHART.dotRadius]);
      expect(svg).toContain(`height="${GAP_SHARE_CHART.height}"`);
    },
  );
});
