import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { eventMessage } from '../../shared/contract.ts';
import { createService, type Service } from '../core/handlers/service.ts';
import { serveMediaOverHttp } from './media-route.ts';
import { guardRequest } from './request-guard.ts';
import {
  DEFAULT_BODY_LIMITS,
  parseCallRequest,
  readRequestBody,
  type BodyLimits,
} from './request-body.ts';
import { serveStatic } from './static-files.ts';

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
  /** Limits of an API request body (tests lower them); DEFAULT_BODY_LIMITS otherwise. */
  bodyLimits?: BodyLimits;
}

export interface BrowserServer {
  url: string;
  port: number;
  token: string;
  service: Service;
  close(): Promise<void>;
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
      readRequestBody(req, options.bodyLimits ?? DEFAULT_BODY_LIMITS)
        .then(async (body) => {
          const call = body.ok ? parseCallRequest(body.text) : body;
          if (!call.ok) {
            res.writeHead(call.status, { 'Content-Type': 'text/plain; charset=utf-8' });
            res.end(call.reason);
            return;
          }
          const env = await service.dispatch(call.method, call.input);
          res.writeHead(200, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' });
          res.end(JSON.stringify(env));
        })
        .catch((err: unknown) => {
          // service.call answers errors in its envelope; this is only a last resort.
          if (!res.headersSent) res.writeHead(500, { 'Content-Type': 'text/plain; charset=utf-8' });
          res.end(`internal error: ${err instanceof Error ? err.message : String(err)}`);
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
