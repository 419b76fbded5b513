import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Discovery } from '../../shared/discover.ts';
import { createService, type Service } from '../../electron/core/handlers/service.ts';
import { headroomCli, ok, tempDir } from '../helpers.ts';
import { rng } from '../rng.ts';

/**
 * Discovered slices (analysis.md section 4) on data with a planted weakness: the model fails half
 * of the noisy phone clips and 5% of everything else. The search must propose "device = phone and
 * noise = high" first, with counts equal to the file's, and accepting it tags exactly those clips.
 */
describe('discovered slices (SliceLine score)', () => {
  const dir = tempDir('headroom-discover-');
  const project = join(dir, 'planted.headroom');
  const r = rng(42);
  const devices = ['phone', 'laptop', 'kiosk'];
  const noises = ['low', 'high'];
  const regions = ['north', 'south', 'east', 'west'];
  const rows = Array.from({ length: 6000 }, (_, i) => {
    const device = devices[Math.floor(r() * 3)] as string;
    const noise = noises[Math.floor(r() * 2)] as string;
    const region = regions[Math.floor(r() * 4)] as string;
    const weak = device === 'phone' && noise === 'high';
    const wrong = r() < (weak ? 0.5 : 0.05);
    const humanWrong = r() < 0.03;
    return { id: `c${i}`, device, noise, region, wrong, humanWrong };
  });
  let service: Service;

  beforeAll(async () => {
    const file = join(dir, 'planted.csv');
    writeFileSync(
      file,
      [
        'id,label,prediction,human_label,device,noise,region',
        ...rows.map(
          (x) =>
            `${x.id},yes,${x.wrong ? 'no' : 'yes'},${x.humanWrong ? 'no' : 'yes'},${x.device},${x.noise},${x.region}`,
        ),
      ].join('\n') + '\n',
    );
    service = createService();
    await ok(service.dispatch('imports.run', { project, file }));
    await ok(service.dispatch('project.open', { path: project }));
  }, 60_000);

  afterAll(() => service?.close());

  it('proposes the planted conjunction first, counted as in the file', async () => {
    const d = await ok<Discovery>(service.dispatch('slices.discover', {}));
    const wrong = rows.filter((x) => x.wrong).length;
    expect(d.overall_error_rate).toBeCloseTo(wrong / rows.length, 12);
    const top = d.slices[0];
    expect(top?.name).toBe('device = phone and noise = high');
    const members = rows.filter((x) => x.device === 'phone' && x.noise === 'high');
    expect(top?.n).toBe(members.length);
    expect(top?.errors).toBe(members.filter((x) => x.wrong).length);
    const e = wrong / rows.length;
    const want =
      0.95 * ((top?.errors ?? 0) / members.length / e - 1) -
      0.05 * (rows.length / members.length - 1);
    expect(top?.score).toBeCloseTo(want, 10);
    // Its parts alone score lower (a conjunction is proposed only when it beats them).
    for (const part of ['device = phone', 'noise = high']) {
      const alone = d.slices.find((s) => s.name === part);
      if (alone) expect(alone.score).toBeLessThan(top?.score ?? 0);
    }
    // Region is noise: no proposal is about a region alone.
    expect(d.slices.some((s) => /^region = \w+$/.test(s.name) && s.score > 0.5)).toBe(false);
    expect(d.slices.every((s) => s.n >= 32)).toBe(true);
  });

  it('accepting a proposal tags exactly its examples, and min support is honoured', async () => {
    const d = await ok<Discovery>(service.dispatch('slices.discover', { top: 5 }));
    const top = d.slices[0];
    const applied = await ok<{ added: number }>(
      service.dispatch('tags.apply', {
        tag: 'noisy phones',
        filter: { alsoIn: top?.predicates.map((p) => p.id) ?? [] },
      }),
    );
    expect(applied.added).toBe(top?.n);
    // By potential gain against HLP (humans are right 97% everywhere): largest gain first, and
    // the planted slice's gain is (HLP - accuracy) x share as counted in the file.
    const byGain = await ok<Discovery>(service.dispatch('slices.discover', { by: 'gain' }));
    const gains = byGain.slices.map((s) => s.potential_gain ?? -1);
    expect(gains).toEqual([...gains].sort((x, y) => y - x));
    const planted = byGain.slices.find((s) => s.name === 'device = phone and noise = high');
    const m = rows.filter((x) => x.device === 'phone' && x.noise === 'high');
    const hlp = m.filter((x) => !x.humanWrong).length / m.length;
    const acc = m.filter((x) => !x.wrong).length / m.length;
    expect(planted?.potential_gain).toBeCloseTo((hlp - acc) * (m.length / rows.length), 12);
    const big = await ok<Discovery>(service.dispatch('slices.discover', { minSupport: 1500 }));
    expect(big.slices.every((s) => s.n >= 1500)).toBe(true);
    service.close();
    const cli = headroomCli(dir, 'discover', project, '--top', '3');
    expect(cli.err).toBe('');
    expect(cli.out).toMatch(/1\s+device = phone and noise = high\s+\d+/);
    const accept = headroomCli(dir, 'discover', project, '--accept', '1', '--tag', 'weak spot');
    expect(accept.out).toMatch(new RegExp(`Tagged ${top?.n} examples as "weak spot"`));
  });
});
