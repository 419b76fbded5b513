import Database from 'better-sqlite3';
import { request } from 'node:http';
import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveMedia, type MediaLookup } from '../../electron/core/media/serve-media.ts';
import { startBrowserServer, type BrowserServer } from '../../electron/server/browser-server.ts';
import { serviceMediaLookup } from '../../electron/server/media-route.ts';
import { headroomCli, ok, tempDir } from '../helpers.ts';
import { OUTSIDE_MARK, buildMediaTree, escapePayloads, type MediaTree } from './media-tree.ts';

/**
 * reliability-tests.md S-10 and I-09: every stored-path payload in a real project (imported from a
 * CSV whose input column holds them) and every URL-id payload, over the real browser-mode server.
 */

/** The decided answer to each stored-path payload of media-tree.ts. */
const EXPECTED: Record<string, number> = {
  dotdot: 403,
  'dotdot-deep': 403,
  'pct-2e': 404, // a literal file name "%2e%2e%2f..." (decoded once, in the URL, never again)
  'pct-252e': 404,
  'pct-5c': 404,
  backslash: 403,
  'pct-00': 415, // ".txt" is not a media extension
  overlong: 404,
  fullwidth: 404,
  'nfd-dots': 404,
  absolute: 403,
  'etc-passwd': 403,
  'dev-zero': 403,
  unc: 403,
  'unc-slash': 403,
  'file-url': 403,
  drive: 403,
  'symlink-out': 403,
  'symlink-dir': 403,
  hardlink: 403,
  long: 403,
  fifo: 403,
  'symlink-zero': 403,
  directory: 403,
  deleted: 404,
  loop: 403,
  svg: 415,
  html: 415,
  'html-as-png': 415,
  bomb: 413, // 20000 x 20000 declared: refused before any decoder sees it
  corrupt: 415,
};

const base = tempDir('headroom-media-');
let tree: MediaTree;
let server: BrowserServer;
let project: string;

interface Got {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
  ms: number;
}

/** A raw HTTP request: the path goes out exactly as written (fetch would normalise it). */
function raw(path: string, headers: Record<string, string> = {}, method = 'GET'): Promise<Got> {
  const t0 = performance.now();
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port: server.port,
        path,
        method,
        headers: { host: `127.0.0.1:${server.port}`, ...headers },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: Buffer.concat(chunks),
            ms: performance.now() - t0,
          }),
        );
      },
    );
    req.on('error', reject);
    req.end();
  });
}

const media = (id: string, headers: Record<string, string> = {}, method = 'GET') =>
  raw(`/media/item/${encodeURIComponent(id)}?token=${server.token}`, headers, method);

function expectNothingFromOutside(got: Got, what: string) {
  expect(got.body.includes(OUTSIDE_MARK), what).toBe(false);
  expect(got.body.includes(Buffer.from([0x89, 0x50, 0x4e, 0x47])), what).toBe(false);
  expect(got.headers['content-type'], what).toBe('text/plain; charset=utf-8');
  expect(got.headers['x-content-type-options'], what).toBe('nosniff');
}

beforeAll(async () => {
  tree = buildMediaTree(base);
  project = join(base, 'media.headroom');
  // The CLI with a relative file path: the dataset folder must be stored absolute.
  const r = headroomCli(tree.root, 'import', 'media.csv', '--project', project);
  expect(r.code, r.err).toBe(0);
  tree.deleteLater();
  server = await startBrowserServer({ project });
}, 60_000);

afterAll(async () => {
  await server?.close();
});

describe('media: the stored paths of a real project', () => {
  it('stores the dataset folder as an absolute path at import', () => {
    const db = new Database(project, { readonly: true });
    const root = db.prepare("SELECT value FROM meta WHERE key = 'media_root'").get() as {
      value: string;
    };
    const file = db.prepare("SELECT file FROM imports WHERE kind = 'examples'").get() as {
      file: string;
    };
    db.close();
    expect(root.value).toBe(tree.root);
    expect(file.file).toBe(join(tree.root, 'media.csv'));
  });

  it('serves a file of the dataset folder byte-identical, with a fixed type and nosniff', async () => {
    const got = await media('ok');
    expect(got.status).toBe(200);
    expect(got.headers['content-type']).toBe('image/png');
    expect(got.headers['x-content-type-options']).toBe('nosniff');
    expect(got.headers['cross-origin-resource-policy']).toBe('same-origin');
    expect(got.headers['accept-ranges']).toBe('bytes');
    expect(got.body.equals(readFileSync(join(tree.root, 'images/ok.png')))).toBe(true);
  });

  it('refuses every S-10 payload with the decided status and 0 bytes from outside the folder', async () => {
    const payloads = escapePayloads(tree.outside);
    expect(payloads.map(([id]) => id).sort()).toEqual(Object.keys(EXPECTED).sort());
    for (const [id, input] of payloads) {
      const got = await media(id);
      expect(got.status, `${id}: ${input.slice(0, 80)}`).toBe(EXPECTED[id]);
      expectNothingFromOutside(got, id);
    }
  });

  it('refuses non-regular files without reading them: FIFO, a link to /dev/zero, a directory', async () => {
    for (const id of ['fifo', 'symlink-zero', 'directory']) {
      const got = await media(id);
      expect(got.status, id).toBe(403);
      // Reading a FIFO or /dev/zero would block or never end: the test's own timeout catches it.
    }
  });

  it('NFC and NFD spellings of a name: the file itself or 404, never anything else', async () => {
    const file = readFileSync(join(tree.root, 'caf\u00e9.png'));
    const nfc = await media('nfc');
    expect(nfc.status).toBe(200);
    expect(nfc.body.equals(file)).toBe(true);
    const nfd = await media('nfd');
    if (nfd.status === 200) expect(nfd.body.equals(file)).toBe(true);
    else expect(nfd.status).toBe(404);
  });

  it('a text input, an unknown id and a missing file are 404/415 answers, and the server lives on', async () => {
    expect((await media('text')).status).toBe(415);
    expect((await media('no-such-example')).status).toBe(404);
    expect((await media('deleted')).status).toBe(404);
    expect((await media('ok')).status).toBe(200);
  });
});

describe('media: hostile URL ids', () => {
  const segments = [
    '..%2f..%2foutside%2fsecret.png',
    '%2e%2e%2f%2e%2e%2foutside%2fsecret.png',
    '%252e%252e%252f',
    '..%5c..%5coutside%5csecret.png',
    '%00',
    'ok%00',
    '%c0%ae%c0%ae%2f',
    '%2Fetc%2Fpasswd',
    '..',
    '%2e%2e',
    'ok/..',
    'ok%2f..%2f..%2foutside',
    'a'.repeat(5000),
    '%',
    '',
  ];
  it('answers 404 with 0 bytes from outside, also for paths fetch would normalise', async () => {
    for (const seg of segments) {
      const got = await raw(`/media/item/${seg}?token=${server.token}`);
      expect(got.status, seg.slice(0, 60)).toBe(404);
      expect(got.body.includes(OUTSIDE_MARK), seg).toBe(false);
    }
    for (const path of [
      '/media/item/../../../outside/secret.png',
      '/media/../outside/secret.png',
      `/media/item/%2e%2e/%2e%2e/outside/secret.png?token=${server.token}`,
    ]) {
      const got = await raw(path);
      expect(got.status, path).toBeGreaterThanOrEqual(400);
      expect(got.body.includes(OUTSIDE_MARK), path).toBe(false);
    }
  });

  it('needs the token, our Host and no foreign Origin; GET and HEAD only', async () => {
    expect((await raw('/media/item/ok')).status).toBe(401);
    expect((await raw('/media/item/ok?token=wrong')).status).toBe(401);
    const url = `/media/item/ok?token=${server.token}`;
    expect((await raw(url, { host: 'evil.example:80' })).status).toBe(421);
    expect((await raw(url, { origin: 'http://evil.example' })).status).toBe(403);
    expect((await raw(url, {}, 'POST')).status).toBe(405);
    expect((await raw(url, {}, 'TRACE')).status).toBe(405);
    const head = await raw(url, {}, 'HEAD');
    expect(head.status).toBe(200);
    expect(head.headers['content-length']).toBe(
      String(readFileSync(join(tree.root, 'images/ok.png')).length),
    );
  });
});

describe('media: byte ranges (audio seeking)', () => {
  const wav = () => readFileSync(join(tree.root, 'sound.wav'));

  it('answers single ranges with 206 and an exact Content-Range', async () => {
    const file = wav();
    const size = file.length;
    const cases: [string, number, number][] = [
      ['bytes=0-', 0, size - 1],
      ['bytes=-500', size - 500, size - 1],
      ['bytes=100-199', 100, 199],
      [`bytes=${size - 44}-999999999`, size - 44, size - 1],
      [`bytes=${size - 1}-${size - 1}`, size - 1, size - 1],
    ];
    for (const [range, start, end] of cases) {
      const got = await media('wav', { range });
      expect(got.status, range).toBe(206);
      expect(got.headers['content-range'], range).toBe(`bytes ${start}-${end}/${size}`);
      expect(got.headers['content-length'], range).toBe(String(end - start + 1));
      expect(got.headers['content-type'], range).toBe('audio/wav');
      expect(got.body.equals(file.subarray(start, end + 1)), range).toBe(true);
    }
  });

  it('answers unsatisfiable ranges with 416 and bytes */size', async () => {
    const size = wav().length;
    for (const range of [
      'bytes=100-50',
      `bytes=${size}-`,
      `bytes=${size + 10}-${size + 20}`,
      'bytes=-0',
    ]) {
      const got = await media('wav', { range });
      expect(got.status, range).toBe(416);
      expect(got.headers['content-range'], range).toBe(`bytes */${size}`);
    }
  });

  it('sends the whole file with 200 for several ranges or a header it does not understand', async () => {
    const file = wav();
    for (const range of ['bytes=0-1,5-6', 'items=0-5', 'bytes=abc', 'bytes=-']) {
      const got = await media('wav', { range });
      expect(got.status, range).toBe(200);
      expect(got.body.equals(file), range).toBe(true);
    }
  });
});

describe('media: serveMedia without a transport', () => {
  it('refuses a NUL in a stored path and a lookup that throws, and answers without a project', async () => {
    const serve = (lookup: MediaLookup) =>
      serveMedia(new Request('http://127.0.0.1/media/item/x'), lookup);
    const nul = await serve(async () => ({ root: tree.root, input: 'images/ok.png\0.txt' }));
    expect(nul.status).toBe(403);
    const fifo = await serve(async () => ({ root: tree.root, input: 'fifo.wav' }));
    expect(fifo.status).toBe(403);
    const thrown = await serve(async () => {
      throw new Error('data host gone');
    });
    expect(thrown.status).toBe(500);
    const noRoot = await serve(async () => ({ root: null, input: 'images/ok.png' }));
    expect(noRoot.status).toBe(404);
    const closed = await startBrowserServer();
    try {
      const lookup = serviceMediaLookup(closed.service);
      expect(await lookup('ok')).toBeNull();
      await ok(closed.service.dispatch('project.open', { path: project }));
      expect(await lookup('ok')).toEqual({
        root: tree.root,
        input: 'images/ok.png',
        problem: null,
        cache: `${project}.cache`, // thumbnails: the project's cache folder, beside it
        exists: true,
      });
    } finally {
      await closed.close();
    }
  });
});
