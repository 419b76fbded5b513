import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { afterAll, describe, expect, it } from 'vitest';
import { startBrowserServer } from '../../electron/server/browser-server.ts';
import { JsonDepthGuard, MAX_JSON_DEPTH } from '../../electron/server/request-body.ts';
import { REPO, rng, tempDir } from '../helpers.ts';
import { recordFigure } from '../reliability/figures.ts';
import { postCall, startServeProcess, type RawAnswer } from './serve-process.ts';

const dir = tempDir('headroom-body-');

/** Nesting depth of a parsed JSON value, by recursion (independent of the byte scanner). */
function depthOf(value: unknown): number {
  if (value === null || typeof value !== 'object') return 0;
  const children = Array.isArray(value) ? value : Object.values(value);
  return 1 + children.reduce<number>((m, c) => Math.max(m, depthOf(c)), 0);
}

/** A random JSON value whose strings hold brackets, quotes and backslashes, and UTF-8. */
function randomValue(random: () => number, budget: number): unknown {
  const r = random();
  if (budget <= 0 || r < 0.3) {
    const pieces = ['[', ']', '{', '}', '"', '\\', '\\"', 'é', '😀', 'a', '\n'];
    let s = '';
    for (let i = Math.floor(random() * 6); i > 0; i--) {
      s += pieces[Math.floor(random() * pieces.length)];
    }
    return r < 0.1 ? Math.floor(random() * 100) : s;
  }
  const n = Math.floor(random() * 4);
  const items = Array.from({ length: n }, () => randomValue(random, budget - 1));
  if (r < 0.65) return items;
  return Object.fromEntries(items.map((v, i) => [`k[${i}]"{`, v]));
}

describe('JsonDepthGuard', () => {
  it('agrees with the depth of the parsed value, whatever the chunk boundaries', () => {
    const random = rng(13);
    let refused = 0;
    for (let k = 0; k < 2000; k++) {
      const value = randomValue(random, 1 + Math.floor(random() * 8));
      const bytes = Buffer.from(JSON.stringify(value));
      const limit = Math.floor(random() * 6);
      const guard = new JsonDepthGuard(limit);
      let accepted = true;
      for (let at = 0; at < bytes.length && accepted;) {
        const next = at + 1 + Math.floor(random() * 7);
        accepted = guard.push(bytes.subarray(at, next));
        at = next;
      }
      expect(accepted, JSON.stringify(value)).toBe(depthOf(value) <= limit);
      if (!accepted) refused++;
    }
    expect(refused).toBeGreaterThan(100);
    expect(refused).toBeLessThan(1900);
  });
});

describe('API request bodies (issue #13, point 8)', async () => {
  const server = await startBrowserServer({ bodyLimits: { maxBytes: 64 * 1024, maxDepth: 1000 } });
  afterAll(() => server.close());
  const nested = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`;
  /** [body, status, what the reason (400/413) or the envelope's error code (200) must say] */
  const table: [string, number, RegExp][] = [
    ['null', 400, /must be a JSON object .*not null/],
    ['[]', 400, /must be a JSON object .*not an array/],
    ['"x"', 400, /must be a JSON object .*not a string/],
    ['42', 400, /must be a JSON object .*not a number/],
    ['1e999', 400, /must be a JSON object .*not a number/],
    ['true', 400, /must be a JSON object .*not a boolean/],
    ['{"method":{"toString":"x"}}', 400, /"method" must be a string, not an object/],
    ['{"method":5}', 400, /"method" must be a string, not a number/],
    ['{"method":null}', 400, /"method" must be a string, not null/],
    ['{"method":["project.info"]}', 400, /"method" must be a string, not an array/],
    ['{"method":"project.info","input":"x"}', 400, /"input" must be a JSON object, not a string/],
    ['{"method":"project.info","input":null}', 400, /"input" must be a JSON object, not null/],
    ['{"method":"project.info","input":[]}', 400, /"input" must be a JSON object, not an array/],
    ['{"__proto__":{"method":"project.info"}}', 400, /unexpected key "__proto__"/],
    ['{"method":"project.info","constructor":{}}', 400, /unexpected key "constructor"/],
    ['{"method":"__proto__"}', 400, /unknown method "__proto__"/],
    ['{"method":"toString"}', 400, /unknown method "toString"/],
    ['{"method":"constructor"}', 400, /unknown method "constructor"/],
    ['{"method":"hasOwnProperty","input":{}}', 400, /unknown method "hasOwnProperty"/],
    ['{}', 400, /has no "method"/],
    ['{"input":{}}', 400, /has no "method"/],
    ['{"method":"project.delete"}', 400, /unknown method "project.delete"/],
    [`{"method":"${'m'.repeat(5000)}"}`, 400, /unknown method "m{100}\.\.\."$/],
    ['not json', 400, /not valid JSON/],
    ['{"method":', 400, /not valid JSON/],
    ['', 400, /not valid JSON/],
    [`{"method":"project.info","input":{"a":"${'x'.repeat(70_000)}"}}`, 413, /request too large/],
    [`{"method":"project.info","input":{"a":${nested(999)}}}`, 400, /deeper than 1000 levels/],
    // Within the limits, the contract judges the input: an envelope, as over every transport.
    [`{"method":"project.info","input":{"a":${nested(998)}}}`, 200, /^INVALID_INPUT$/],
    ['{"method":"project.info","input":{"x":1}}', 200, /^INVALID_INPUT$/],
    ['{"method":"project.info"}', 200, /^NO_PROJECT$/],
    ['{"method":"project.info","input":{}}', 200, /^NO_PROJECT$/],
  ];

  it('answers each bad body with its exact status and a readable reason', async () => {
    for (const [body, status, says] of table) {
      const what = body.length > 60 ? `${body.slice(0, 60)}...` : body;
      const res = await postCall(server.port, server.token, body);
      expect(res.status, what).toBe(status);
      if (status === 200) {
        const env = JSON.parse(res.body) as { ok: boolean; error?: { code: string } };
        expect(env.ok, what).toBe(false);
        expect(env.error?.code, what).toMatch(says);
      } else {
        expect(res.body, what).toMatch(says);
        expect(res.body.length, what).toBeLessThan(300);
        expect(res.body, what).not.toMatch(/\n\s+at /); // no stack trace
      }
    }
    // The server is still there for good requests.
    const after = await postCall(server.port, server.token, '{"method":"runs.list"}');
    expect(after.status).toBe(200);
  });
});

/**
 * Runs test/fixtures/deep-body-sender.ts against the server: `onAcknowledged` runs once the server
 * has acknowledged the deep request (100 Continue, before its body is sent); resolves with the
 * server's answer to it.
 */
function sendDeepBody(
  port: number,
  token: string,
  depth: number,
  onAcknowledged: () => void,
): Promise<RawAnswer> {
  const child = spawn(
    process.execPath,
    [join(REPO, 'test/fixtures/deep-body-sender.ts'), String(port), token, String(depth)],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  let out = '';
  return new Promise((resolve, reject) => {
    child.stdout.on('data', (c: Buffer) => {
      out += c.toString();
      if (out.startsWith('acknowledged\n')) {
        out = out.slice('acknowledged\n'.length);
        onAcknowledged();
      }
    });
    child.on('exit', () => {
      const m = /^answer (\d+) ([^\n]*)\n$/.exec(out);
      if (m) resolve({ status: Number(m[1]), body: m[2] as string });
      else reject(new Error(`the sender printed: ${out}`));
    });
  });
}

describe('a 5-million-deep body (issue #13, point 7)', () => {
  it('is refused with 400 while requests sent meanwhile are answered', async () => {
    const server = await startServeProcess(dir, []);
    try {
      const timed = async () => {
        const started = performance.now();
        const answer = await postCall(server.port, server.token, '{"method":"project.info"}');
        return { answer, ms: performance.now() - started };
      };
      // Warm the server up, then time it idle (the median of 5) to compare with.
      const idleMs: number[] = [];
      for (let i = 0; i < 10; i++) {
        const idle = await timed();
        expect(idle.answer.status).toBe(200);
        if (i >= 5) idleMs.push(idle.ms);
      }
      idleMs.sort((a, b) => a - b);
      // From the acknowledgement of the deep request until its answer, one request after another.
      const meanwhile: { answer: RawAnswer; ms: number }[] = [];
      let answered = false;
      let loop: Promise<void> = Promise.resolve();
      const deep = await sendDeepBody(server.port, server.token, 5e6, () => {
        loop = (async () => {
          do meanwhile.push(await timed());
          while (!answered);
        })();
      });
      answered = true;
      await loop;
      expect(deep.status).toBe(400);
      expect(deep.body).toBe(
        `the request body nests arrays or objects deeper than ${MAX_JSON_DEPTH} levels`,
      );
      expect(meanwhile.length).toBeGreaterThan(0);
      for (const { answer } of meanwhile) {
        expect(answer.status).toBe(200);
        expect(JSON.parse(answer.body)).toMatchObject({ ok: false, error: { code: 'NO_PROJECT' } });
      }
      const slowest = Math.max(...meanwhile.map((m) => m.ms));
      recordFigure(
        'deep-body',
        `${meanwhile.length} requests sent one after another while a 5,000,000-deep body (10 MB) was sent and refused: slowest ${slowest.toFixed(1)} ms (idle median ${(idleMs[2] ?? 0).toFixed(1)} ms)`,
      );
    } finally {
      await server.stop();
    }
  });
});
