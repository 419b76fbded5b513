import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { clickhouseQuery } from '../../electron/core/summaries/clickhouse-engine.ts';

export const CLICKHOUSE_SERVER = '/usr/sbin/clickhouse-server';

/** Why the ClickHouse tests cannot run here, or null. */
export function clickhouseMissing(): string | null {
  return existsSync(CLICKHOUSE_SERVER)
    ? null
    : `${CLICKHOUSE_SERVER} is not installed (apt-get install clickhouse-server; .ci/run does)`;
}

/** A free loopback port (the OS picks it; closed again before the server binds it). */
async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const address = s.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      s.close(() => resolve(port));
    });
  });
}

interface Node {
  dir: string;
  http: number;
  tcp: number;
  child: ChildProcess;
  exit: string | null;
}

const USERS = `<?xml version="1.0"?>
<yandex>
  <profiles><default><max_memory_usage>2000000000</max_memory_usage><format_csv_allow_single_quotes>0</format_csv_allow_single_quotes><log_queries>1</log_queries></default></profiles>
  <users><default><password></password><networks><ip>127.0.0.1</ip><ip>::1</ip></networks><profile>default</profile><quota>default</quota></default></users>
  <quotas><default><interval><duration>3600</duration><queries>0</queries><errors>0</errors><result_rows>0</result_rows><read_rows>0</read_rows><execution_time>0</execution_time></interval></default></quotas>
</yandex>
`;

function config(dir: string, http: number, tcp: number, inter: number, shards: number[]): string {
  const shardXml = shards
    .map((p) => `<shard><replica><host>127.0.0.1</host><port>${p}</port></replica></shard>`)
    .join('');
  return `<?xml version="1.0"?>
<yandex>
  <logger><level>warning</level><log>${dir}/server.log</log><errorlog>${dir}/error.log</errorlog></logger>
  <http_port>${http}</http_port>
  <tcp_port>${tcp}</tcp_port>
  <interserver_http_port>${inter}</interserver_http_port>
  <listen_host>127.0.0.1</listen_host>
  <path>${dir}/data/</path>
  <tmp_path>${dir}/tmp/</tmp_path>
  <user_files_path>${dir}/user_files/</user_files_path>
  <format_schema_path>${dir}/format_schemas/</format_schema_path>
  <users_config>${dir}/users.xml</users_config>
  <default_profile>default</default_profile>
  <default_database>default</default_database>
  <mark_cache_size>104857600</mark_cache_size>
  <remote_servers><two_shards>${shardXml}</two_shards></remote_servers>
  <query_log><database>system</database><table>query_log</table></query_log>
</yandex>
`;
}

/**
 * Two clickhouse-server processes on free loopback ports, each with the `two_shards` cluster in
 * its remote_servers (shard 1 = the first, shard 2 = the second). Started and stopped by pid.
 */
export class ClickhouseCluster {
  readonly nodes: Node[] = [];

  static async start(root: string, timeoutMs = 60_000): Promise<ClickhouseCluster> {
    const cluster = new ClickhouseCluster();
    const ports = await Promise.all(
      [0, 1].map(async () => [await freePort(), await freePort(), await freePort()]),
    );
    const tcps = ports.map((p) => p[1] as number);
    try {
      for (const [i, [http, tcp, inter]] of ports.entries()) {
        const dir = join(root, `shard${i + 1}`);
        mkdirSync(dir, { recursive: true });
        writeFileSync(join(dir, 'users.xml'), USERS);
        writeFileSync(
          join(dir, 'config.xml'),
          config(dir, http as number, tcp as number, inter as number, tcps),
        );
        const child = spawn(CLICKHOUSE_SERVER, [`--config-file=${join(dir, 'config.xml')}`], {
          stdio: 'ignore',
          cwd: dir,
        });
        const node: Node = { dir, http: http as number, tcp: tcp as number, child, exit: null };
        child.on('exit', (code, signal) => (node.exit = signal ?? `code ${code}`));
        child.on('error', (e) => (node.exit = e.message));
        cluster.nodes.push(node);
      }
      await Promise.all(cluster.nodes.map((n) => cluster.waitReady(n, timeoutMs)));
    } catch (e) {
      await cluster.stop();
      throw e;
    }
    return cluster;
  }

  url(i: number): string {
    return `http://127.0.0.1:${(this.nodes[i] as Node).http}`;
  }

  /** Polls /ping until "Ok." (readiness is the server's answer), failing at the deadline or exit. */
  private async waitReady(node: Node, timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      if (node.exit !== null) {
        throw new Error(
          `clickhouse-server (${node.dir}) exited (${node.exit}) before it was ready: ${this.errors(node)}`,
        );
      }
      try {
        const r = await fetch(`http://127.0.0.1:${node.http}/ping`);
        if ((await r.text()).startsWith('Ok.')) return;
      } catch {
        // not listening yet
      }
      if (Date.now() > deadline) {
        throw new Error(
          `clickhouse-server (${node.dir}) did not answer /ping within ${timeoutMs / 1000} s: ${this.errors(node)}`,
        );
      }
      await new Promise<void>((resolve) => setTimeout(resolve, 100));
    }
  }

  private errors(node: Node): string {
    const log = join(node.dir, 'error.log');
    return existsSync(log) ? readFileSync(log, 'utf8').slice(-2000) : '(no error log)';
  }

  async query(i: number, sql: string, body?: string): Promise<Record<string, unknown>[]> {
    return clickhouseQuery({ url: this.url(i) }, sql, body);
  }

  /** Stops each server by its pid (SIGTERM) and waits for it to exit. */
  async stop(): Promise<void> {
    await Promise.all(
      this.nodes.map(
        (n) =>
          new Promise<void>((resolve) => {
            if (n.exit !== null || n.child.pid === undefined) return resolve();
            n.child.once('exit', () => resolve());
            process.kill(n.child.pid, 'SIGTERM');
          }),
      ),
    );
  }
}
