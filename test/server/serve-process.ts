import { spawn, type ChildProcess } from 'node:child_process';
import { request } from 'node:http';
import { join } from 'node:path';
import { REPO } from '../helpers.ts';

/** A real `headroom serve` child process, ready once it printed its URL. */
export interface ServeProcess {
  child: ChildProcess;
  port: number;
  token: string;
  /** What it printed on stderr so far (for failure messages). */
  stderr(): string;
  /** SIGTERM (a clean close, as Ctrl-C) and its exit code. */
  stop(): Promise<number | null>;
}

/**
 * Starts `headroom serve [project] --port 0` with its own config folder and waits for the line
 * with its URL (the server listens before it prints it). `prefix` runs it through another
 * command first (setpriv, to run it as another user).
 */
export function startServeProcess(
  configDir: string,
  args: string[],
  prefix: string[] = [],
): Promise<ServeProcess> {
  const command = [...prefix, process.execPath, join(REPO, 'bin/headroom.mjs'), 'serve', ...args];
  const child = spawn(command[0] as string, command.slice(1), {
    env: { ...process.env, XDG_CONFIG_HOME: configDir },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stderr.on('data', (c: Buffer) => (err += c.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    child.once('exit', (code) =>
      reject(new Error(`serve exited (${code}) before its URL: ${err}`)),
    );
    child.stdout.on('data', (c: Buffer) => {
      out += c.toString();
      const m = /serving on http:\/\/127\.0\.0\.1:(\d+)\/\?token=([\w-]+)/.exec(out);
      if (!m) return;
      child.stdout.removeAllListeners('data');
      child.stdout.resume();
      resolve({
        child,
        port: Number(m[1]),
        token: m[2] as string,
        stderr: () => err,
        stop: () => {
          child.kill('SIGTERM');
          return exited;
        },
      });
    });
  });
}

export interface RawAnswer {
  status: number;
  body: string;
}

/** POST /api/call with the token and this exact body (not necessarily JSON). */
export function postCall(port: number, token: string, body: string | Buffer): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        path: '/api/call',
        method: 'POST',
        headers: { 'x-headroom-token': token, 'content-type': 'application/json' },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString() }),
        );
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}
