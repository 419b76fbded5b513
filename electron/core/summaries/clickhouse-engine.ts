import { writeFile } from 'node:fs/promises';
import { request as httpRequest } from 'node:http';
import { HeadroomError, quote } from '../errors.ts';
import type { RuleDialect } from '../analysis/rule-sql.ts';
import {
  NUMBER_PATTERN,
  orderStatisticLevel,
  type SqlEngine,
  type SqlValue,
} from './sql-engine.ts';

/**
 * ClickHouse over its HTTP interface (plain POST, FORMAT JSONEachRow), as old as 18.16: no query
 * parameters there, so every user value is a literal quoted by ClickHouse's own rules (backslash
 * escapes) and every identifier a backquoted name. User and password come from the environment
 * (CLICKHOUSE_USER, CLICKHOUSE_PASSWORD) and are sent as HTTP basic authentication, never stored.
 */

/** A ClickHouse string literal: backslash and single quote escaped with a backslash. */
export function clickhouseString(text: string): string {
  return `'${text.replaceAll('\\', '\\\\').replaceAll("'", "\\'")}'`;
}

/** A ClickHouse identifier: backquoted, backslash and backquote escaped. */
export function clickhouseIdent(name: string): string {
  return `\`${name.replaceAll('\\', '\\\\').replaceAll('`', '\\`')}\``;
}

/** A number literal that reads back as the same double (finite numbers only). */
function numberLiteral(v: number): string {
  if (!Number.isFinite(v)) throw new HeadroomError('INVALID_INPUT', `${v} is not a finite number.`);
  return `toFloat64(${clickhouseString(String(v))})`;
}

export const CLICKHOUSE_RULES: RuleDialect = {
  value: (v) => (typeof v === 'number' ? numberLiteral(v) : clickhouseString(v)),
  not: (cond) => `(NOT ifNull(${cond}, 0))`,
  contains: (text, needle) => `(position(${text}, ${needle}) > 0)`,
  // ClickHouse answers 1 for NULL NOT IN (...): made NULL-false as in SQLite.
  inList: (text, list, negated) =>
    negated ? `(${text} IS NOT NULL AND ${text} NOT IN (${list}))` : `(${text} IN (${list}))`,
};

export interface ClickhouseOptions {
  url: string;
  table: string;
  user?: string;
  password?: string;
}

/** POSTs one query; the JSONEachRow lines as objects (64-bit integers arrive quoted). */
export async function clickhouseQuery(
  options: Pick<ClickhouseOptions, 'url' | 'user' | 'password'>,
  sql: string,
  body?: string,
): Promise<Record<string, unknown>[]> {
  return (await clickhouseText(options, sql, body))
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}

/** POSTs one query; the server's answer as text (in the query's own FORMAT). */
async function clickhouseText(
  options: Pick<ClickhouseOptions, 'url' | 'user' | 'password'>,
  sql: string,
  body?: string,
): Promise<string> {
  const url = new URL(options.url);
  const headers: Record<string, string> = {};
  if (options.user !== undefined) {
    const token = Buffer.from(`${options.user}:${options.password ?? ''}`).toString('base64');
    headers.Authorization = `Basic ${token}`;
  }
  if (body !== undefined) url.searchParams.set('query', sql);
  // The aggregate of 1,000 classes is megabytes of SQL: raise the server's max_query_size (256 KiB
  // by default) and AST limits (50,000) for that query only, as HTTP settings (a read-only user
  // may lack the right: the server's answer then says which setting).
  const size = Buffer.byteLength(sql);
  if (size > 200_000) {
    url.searchParams.set('max_query_size', String(2 * size));
    url.searchParams.set('max_ast_elements', String(2 * size));
    url.searchParams.set('max_expanded_ast_elements', String(2 * size));
  }
  // node:http without keep-alive: a connection reused after the server closed it fails.
  const { status, text } = await new Promise<{ status: number; text: string }>((done, fail) => {
    const req = httpRequest(url, { method: 'POST', headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () =>
        done({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }),
      );
      res.on('error', fail);
    });
    req.on('error', fail);
    req.end(body ?? sql);
  });
  if (status < 200 || status >= 300) {
    throw new HeadroomError(
      'INVALID_INPUT',
      `ClickHouse at ${url.origin} answered ${status}: ${text.trim().split('\n')[0]}`,
    );
  }
  return text;
}

/** Numbers as JS numbers: ClickHouse quotes 64-bit integers in JSON. */
function numeric(row: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(row)) {
    // `v`, `v2`, … hold a column's values (text stays text: label "007" is not 7).
    out[k] = !k.startsWith('v') && typeof v === 'string' && /^-?\d+$/.test(v) ? Number(v) : v;
  }
  return out;
}

export async function openClickhouse(options: ClickhouseOptions): Promise<SqlEngine> {
  if (!/^https?:\/\//.test(options.url)) {
    throw new HeadroomError(
      'INVALID_INPUT',
      `--url ${quote(options.url)}: expected http://HOST:PORT.`,
    );
  }
  const from = options.table
    .split('.')
    .map((part) => clickhouseIdent(part))
    .join('.');
  // A network failure (refused, reset) named with the server; the server's answers are already.
  const reach = async <T>(send: () => Promise<T>): Promise<T> => {
    try {
      return await send();
    } catch (e) {
      if (e instanceof HeadroomError) throw e;
      throw new HeadroomError(
        'INVALID_INPUT',
        `ClickHouse at ${quote(options.url)} could not be reached: ${(e as Error).message}`,
      );
    }
  };
  const query = async (sql: string, params: SqlValue[]) => {
    if (params.length > 0)
      throw new Error('ClickHouse queries carry quoted literals, not parameters');
    return (await reach(() => clickhouseQuery(options, `${sql} FORMAT JSONEachRow`))).map(numeric);
  };
  return {
    name: 'clickhouse',
    source: `${new URL(options.url).origin}/${options.table}`,
    from,
    rules: CLICKHOUSE_RULES,
    async columns() {
      return (await query(`DESCRIBE TABLE ${from}`, [])).map((r) => String(r.name));
    },
    ident: clickhouseIdent,
    text: (expr) => `nullIf(toString(${expr}), '')`,
    number: (expr) => `toFloat64OrNull(nullIf(toString(${expr}), ''))`,
    isNumber: (textExpr) => `match(${textExpr}, ${clickhouseString(NUMBER_PATTERN)})`,
    orderStatistics: (expr, ranks, count) =>
      `quantilesExact(${ranks.map((r) => orderStatisticLevel(r, count)).join(', ')})(${expr})`,
    query,
    async sampleCsv(path, n, seed) {
      if (!Number.isSafeInteger(n) || n <= 0 || !Number.isSafeInteger(seed) || seed < 0) {
        throw new HeadroomError(
          'INVALID_INPUT',
          `--sample takes a whole number of rows, got ${n}.`,
        );
      }
      // A uniform sample without replacement: the N rows of smallest seeded hash of the whole
      // row (a pseudo-random permutation; the same seed draws the same rows). Each shard of a
      // Distributed table sorts its own top N; only N rows come back. Values as the text the
      // importer reads (NULL as empty), in ClickHouse's CSV (quotes doubled, RFC 4180).
      const names = (await query(`DESCRIBE TABLE ${from}`, [])).map((r) => String(r.name));
      const cols = names.map(clickhouseIdent);
      const csv = await reach(() =>
        clickhouseText(
          options,
          `SELECT ${cols.map((c) => `ifNull(toString(${c}), '') AS ${c}`).join(', ')} FROM ${from}
         ORDER BY sipHash64(${seed}, ${cols.map((c) => `ifNull(toString(${c}), '')`).join(', ')}) LIMIT ${n}
         FORMAT CSVWithNames`,
        ),
      );
      await writeFile(path, csv);
    },
    async close() {},
  };
}
