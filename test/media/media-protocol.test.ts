import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { serveMedia } from '../../electron/core/media/serve-media.ts';
import {
  MEDIA_SCHEME,
  MEDIA_SCHEME_PRIVILEGES,
  locationFromEnvelope,
  mediaProtocolHandler,
} from '../../electron/main/media-protocol.ts';
import { tempDir } from '../helpers.ts';
import { OUTSIDE_MARK, buildMediaTree } from './media-tree.ts';

/**
 * The desktop app's media:// handler under Node with a fake data host (Electron cannot run here):
 * the same serving function as the browser mode behind a `locate` that answers envelopes.
 */
describe('media:// protocol adaptor', () => {
  const tree = buildMediaTree(tempDir('headroom-media-proto-'));
  const inputs = tree.inputs;
  const locate = async (id: string): Promise<unknown> => {
    if (id === 'host-crash') throw new Error('the data host went away');
    if (id === 'bad-shape') return { ok: true, value: { root: 42, input: ['x'] } };
    const input = inputs.get(id);
    return input === undefined
      ? { ok: false, error: { code: 'NOT_FOUND', message: `No example with id "${id}".` } }
      : { ok: true, value: { root: tree.root, input } };
  };
  const handler = mediaProtocolHandler({ locate, serve: serveMedia });
  const get = (url: string, headers: Record<string, string> = {}) =>
    handler(new Request(url, { headers }));

  it('is a streaming, secure, standard scheme named media', () => {
    expect(MEDIA_SCHEME).toBe('media');
    expect(MEDIA_SCHEME_PRIVILEGES).toEqual({
      standard: true,
      secure: true,
      stream: true,
      supportFetchAPI: true,
    });
  });

  it('serves media://item/<id> byte-identical, and ranges for seeking', async () => {
    const res = await get('media://item/ok');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/png');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    const file = readFileSync(join(tree.root, 'images/ok.png'));
    expect(Buffer.from(await res.arrayBuffer()).equals(file)).toBe(true);
    const part = await get('media://item/wav', { range: 'bytes=-500' });
    expect(part.status).toBe(206);
    const wav = readFileSync(join(tree.root, 'sound.wav'));
    expect(part.headers.get('content-range')).toBe(
      `bytes ${wav.length - 500}-${wav.length - 1}/${wav.length}`,
    );
    expect(Buffer.from(await part.arrayBuffer()).equals(wav.subarray(wav.length - 500))).toBe(true);
  });

  it('refuses escapes, unknown ids, other hosts, a crashed host and bad envelopes', async () => {
    const cases: [string, number][] = [
      ['media://item/dotdot', 403],
      ['media://item/symlink-out', 403],
      ['media://item/hardlink', 403],
      ['media://item/fifo', 403],
      ['media://item/nope', 404],
      ['media://other/ok', 404],
      ['media://item/ok%2F..%2F..%2Foutside', 404],
      ['media://item/host-crash', 500],
      ['media://item/bad-shape', 404],
    ];
    for (const [url, status] of cases) {
      const res = await get(url);
      expect(res.status, url).toBe(status);
      expect(Buffer.from(await res.arrayBuffer()).includes(OUTSIDE_MARK), url).toBe(false);
    }
    expect(locationFromEnvelope(null)).toBeNull();
    expect(locationFromEnvelope({ ok: true, value: { root: '/r', input: null } })).toEqual({
      root: '/r',
      input: null,
    });
  });

  it('turns a serving function that throws into a 500 answer', async () => {
    const broken = mediaProtocolHandler({
      locate,
      serve: async () => {
        throw new Error('bug');
      },
    });
    expect((await broken(new Request('media://item/ok'))).status).toBe(500);
  });
});
