import { mkdirSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { allowedHost, allowedOrigin, guardRequest } from '../../electron/server/request-guard.ts';
import { startBrowserServer } from '../../electron/server/browser-server.ts';
import { DATASETS, tempDir } from '../helpers.ts';

const dir = tempDir();

/** A raw request, so the Host header can be anything. */
function raw(port: number, path: string, headers: Record<string, string>, body?: string) {
  return new Promise<{ status: number; body: string }>((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port, path, method: body ? 'POST' : 'GET', headers },
      (res) => {
        let data = '';
        res.on('data', (c: Buffer) => (data += c.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: data }));
      },
    );
    req.on('error', reject);
    if (body) req.write(body);
    req.end();
  });
}

describe('request guard', () => {
  it('accepts loopback hosts on our port only', () => {
    expect(allowedHost('127.0.0.1:5000', 5000)).toBe(true);
    expect(allowedHost('localhost:5000', 5000)).toBe(true);
    expect(allowedHost('[::1]:5000', 5000)).toBe(true);
    for (const h of [
      'evil.com',
      'evil.com:5000',
      '127.0.0.1:5001',
      '127.0.0.1',
      '127.0.0.1.evil.com:5000',
      '',
      undefined,
    ]) {
      expect(allowedHost(h, 5000), String(h)).toBe(false);
    }
  });
  it('accepts no Origin or our own only', () => {
    expect(allowedOrigin(undefined, 5000)).toBe(true);
    expect(allowedOrigin('http://127.0.0.1:5000', 5000)).toBe(true);
    for (const o of [
      'null',
      'https://127.0.0.1:5000',
      'http://evil.com',
      'http://127.0.0.1:5000.evil.com',
      'file://',
    ]) {
      expect(allowedOrigin(o, 5000), o).toBe(false);
    }
  });
  it('needs the exact token', () => {
    const opts = { token: 'secret-token', port: 1 };
    const h = { host: '127.0.0.1:1' };
    expect(guardRequest({ ...h, token: 'secret-token' }, true, opts)).toEqual({ ok: true });
    for (const t of [undefined, null, '', 'secret', 'secret-token ', 'SECRET-TOKEN']) {
      expect(guardRequest({ ...h, token: t }, true, opts)).toMatchObject({
        ok: false,
        status: 401,
      });
    }
  });
});

describe('browser-mode server', async () => {
  const staticDir = join(dir, 'static');
  mkdirSync(staticDir);
  writeFileSync(join(staticDir, 'index.html'), '<!doctype html><title>Headroom</title>');
  writeFileSync(join(dir, 'secret.txt'), 'outside the bundle');
  const server = await startBrowserServer({ staticDir });
  afterAll(() => server.close());
  const base = `http://127.0.0.1:${server.port}`;
  const call = (method: string, input: unknown, headers: Record<string, string> = {}) =>
    fetch(`${base}/api/call`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-headroom-token': server.token, ...headers },
      body: JSON.stringify({ method, input }),
    });

  it('prints a loopback URL with the token', () => {
    expect(server.url).toBe(`http://127.0.0.1:${server.port}/?token=${server.token}`);
    expect(server.token.length).toBeGreaterThanOrEqual(32);
  });

  it('refuses the API without the token, from a foreign Origin, or to another Host', async () => {
    const noToken = await fetch(`${base}/api/call`, { method: 'POST', body: '{}' });
    expect(noToken.status).toBe(401);
    const foreign = await call('project.info', {}, { origin: 'http://evil.example' });
    expect(foreign.status).toBe(403);
    const rebinding = await raw(
      server.port,
      '/api/call',
      { host: 'evil.example', 'x-headroom-token': server.token },
      '{}',
    );
    expect(rebinding.status).toBe(421);
    const page = await raw(server.port, '/', { host: `attacker.test:${server.port}` });
    expect(page.status).toBe(421);
  });

  it('answers contract calls with envelopes', async () => {
    const res = await call('project.info', {});
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      ok: false,
      error: { code: 'NO_PROJECT', message: 'No project is open.' },
    });
    const bad = await fetch(`${base}/api/call`, {
      method: 'POST',
      headers: { 'x-headroom-token': server.token },
      body: 'not json',
    });
    // A body that is not a call is the transport's to refuse (request-body.test.ts has them all).
    expect(bad.status).toBe(400);
    expect(await bad.text()).toMatch(/^the request body is not valid JSON/);
  });

  it('pushes events over the WebSocket, only with the token', async () => {
    const refused = new WebSocket(`ws://127.0.0.1:${server.port}/api/events`);
    const refusal = await new Promise<string>((resolve) => {
      refused.on('error', (e) => resolve(e.message));
      refused.on('open', () => resolve('opened'));
    });
    expect(refusal).toMatch(/401/);
    const foreign = new WebSocket(
      `ws://127.0.0.1:${server.port}/api/events?token=${server.token}`,
      {
        origin: 'http://evil.example',
      },
    );
    expect(
      await new Promise<string>((resolve) => {
        foreign.on('error', (e) => resolve(e.message));
        foreign.on('open', () => resolve('opened'));
      }),
    ).toMatch(/403/);

    const ws = new WebSocket(`ws://127.0.0.1:${server.port}/api/events?token=${server.token}`);
    await new Promise((resolve) => ws.on('open', resolve));
    const events: string[] = [];
    const changed = new Promise<void>((resolve) =>
      ws.on('message', (m) => {
        events.push((JSON.parse(m.toString()) as { event: string }).event);
        if (events.at(-1) === 'project.changed') resolve();
      }),
    );
    const project = join(dir, 'web.headroom');
    const res = await call('imports.run', {
      project,
      file: join(DATASETS, 'cifar10_test/cifar10_test.csv'),
    });
    expect(((await res.json()) as { ok: boolean }).ok).toBe(true);
    await changed; // the push that follows the import, however long it takes to arrive
    ws.close();
    expect(events).toContain('imports.progress');
    expect(events).toContain('project.changed');
  });

  it('serves the bundle with the CSP, and nothing outside it', async () => {
    const page = await fetch(`${base}/`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toMatch(
      /default-src 'none'; script-src 'self'/,
    );
    expect(page.headers.get('x-content-type-options')).toBe('nosniff');
    for (const p of [
      '/../secret.txt',
      '/%2e%2e/secret.txt',
      '/..%2fsecret.txt',
      '/%00',
      '/index.html%00.png',
    ]) {
      const r = await raw(server.port, p, { host: `127.0.0.1:${server.port}` });
      expect(r.status, p).toBe(404);
      expect(r.body).not.toContain('outside the bundle');
    }
  });
});
