import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runImport } from '../../electron/core/importers/import-job.ts';
import { startBrowserServer, type BrowserServer } from '../../electron/server/browser-server.ts';
import { DATASETS, readSimpleCsv, rng, tempDir } from '../helpers.ts';

/** The real MNIST images, served over the real browser-mode server by HTTP fetch. */
describe('media: MNIST over the browser mode', () => {
  const dir = tempDir('headroom-media-mnist-');
  const csv = join(DATASETS, 'mnist_test/mnist_test.csv');
  let server: BrowserServer;

  beforeAll(async () => {
    const project = join(dir, 'mnist.headroom');
    await runImport({ project, file: csv });
    server = await startBrowserServer({ project });
  }, 120_000);

  afterAll(async () => {
    await server?.close();
  });

  it('serves 30 random examples byte-identical to their PNG files, as image/png', async () => {
    const rows = readSimpleCsv(csv);
    const next = rng(5);
    for (let k = 0; k < 30; k++) {
      const row = rows[Math.floor(next() * rows.length)] as Record<string, string>;
      const res = await fetch(
        `http://127.0.0.1:${server.port}/media/item/${encodeURIComponent(row.id as string)}?token=${server.token}`,
      );
      expect(res.status, row.id).toBe(200);
      expect(res.headers.get('content-type')).toBe('image/png');
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      const body = Buffer.from(await res.arrayBuffer());
      const file = readFileSync(join(DATASETS, 'mnist_test', row.input as string));
      expect(body.equals(file), row.input).toBe(true);
    }
  });

  it('answers the example of the brief (images/00042.png) and ranges of it', async () => {
    const file = readFileSync(join(DATASETS, 'mnist_test/images/00042.png'));
    const url = `http://127.0.0.1:${server.port}/media/item/42?token=${server.token}`;
    const res = await fetch(url, { headers: { range: 'bytes=0-' } });
    expect(res.status).toBe(206);
    expect(res.headers.get('content-range')).toBe(`bytes 0-${file.length - 1}/${file.length}`);
    expect(Buffer.from(await res.arrayBuffer()).equals(file)).toBe(true);
  });
});
