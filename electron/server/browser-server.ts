import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { eventMessage } from '../../shared/contract.ts';
import { createService, type Service } from '../core/service.ts';
import { serveMediaOverHttp } from './media-route.ts';
import { guardRequest } from './request-guard.ts';
import { serveStatic } from './static-files.ts';

/** Largest API request body: big enough for 10M-id tag lists, small enough to refuse abuse. */
const MAX_BODY = 256 * 1024 * 1024;

export interface BrowserServerOptions {
  /** 0 picks a free port. */
  port?: number;
  /** The built renderer (out/renderer); without it only the API is served. */
  staticDir?: string;
  /** A project to open at start. */
  project?: string;
  token?: string;
  /** The app's folder for recent projects and the sample; without it nothing is recorded. */
  configDir?: string;
}

export interface BrowserServer {
  url: string;
  port: number;
  token: string;
  service: Service;
  close(): Promise<void>;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY) {
        reject(new Error('request too large'));
        req.destroy();
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/**
 * The browser mode: the same UI and engine on 127.0.0.1, the contract over HTTP (POST /api/call)
 * and push events over a WebSocket (/api/events), both behind a random token.
 */
export async function startBrowserServer(
  options: BrowserServerOptions = {},
): Promise<BrowserServer> {
  const token = options.token ?? randomBytes(24).toString('base64url');
  const sockets = new Set<WebSocket>();
  const service = createService({
    configDir: options.configDir ?? null,
    emit: (event, payload) => {
      const msg = JSON.stringify(eventMessage(event, payload));
      for (const ws of sockets) if (ws.readyState === ws.OPEN) ws.send(msg);
    },
  });
  if (options.project) {
    const env = await service.dispatch('project.open', { path: options.project });
    if (!env.ok) {
      service.close();
      throw new Error(env.error.message);
    }
  }
  let port = 0;
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const isApi = url.pathname.startsWith('/api/');
    // media: an <img>/<audio> cannot send a header, so its URL carries the token in the query.
    const isMedia = url.pathname.startsWith('/media/');
    const verdict = guardRequest(
      {
        host: req.headers.host,
        origin: req.headers.origin,
        token: isMedia
          ? url.searchParams.get('token')
          : (req.headers['x-headroom-token'] as string | undefined),
      },
      isApi || isMedia,
      { token, port },
    );
    if (!verdict.ok) {
      res.writeHead(verdict.status, { 'Content-Type': 'text/plain; charset=utf-8' });
      res.end(verdict.reason);
      return;
    }
    if (url.pathname === '/api/call' && req.method === 'POST') {
      readBody(req)
        .then(async (body) => {
          let parsed: { method?: unknown; input?: unknown };
          try {
            parsed = JSON.parse(body) as { method?: unknown; input?: unknown };
          } catch {
            parsed = {};
          }
          const env = await service.dispatch(String(parsed.method ?? ''), parsed.input);
          res.writeHead(200, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' });
          res.end(JSON.stringify(env));
        })
        .catch(() => {
          res.writeHead(413, { 'Content-Type': 'text/plain' });
          res.end('request too large');
        });
      return;
    }
    if (isMedia) {
      serveMediaOverHttp(req, res, url, service);
      return;
    }
    if (isApi) {
      res.writeHead(404, { 'Content-Type': 'text/plain' });
      res.end('no such endpoint');
      return;
    }
    if (options.staticDir && req.method === 'GET') {
      serveStatic(options.staticDir, url.pathname, res);
      return;
    }
    res.writeHead(404, { 'Content-Type': 'text/plain' });
    res.end('not found');
  });

  const wss = new WebSocketServer({ noServer: true, maxPayload: 64 * 1024 });
  server.on('upgrade', (req, socket, head) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const verdict = guardRequest(
      { host: req.headers.host, origin: req.headers.origin, token: url.searchParams.get('token') },
      true,
      { token, port },
    );
    if (url.pathname !== '/api/events' || !verdict.ok) {
      socket.write(
        `HTTP/1.1 ${verdict.ok ? 404 : verdict.status} Refused\r\nConnection: close\r\n\r\n`,
      );
      socket.destroy();
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      sockets.add(ws);
      ws.on('close', () => sockets.delete(ws));
    });
  });

  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/?token=${token}`,
    port,
    token,
    service,
    async close() {
      for (const ws of sockets) ws.terminate();
      wss.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      service.close();
    },
  };
}
