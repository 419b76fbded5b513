import { DuckDBInstance } from '@duckdb/node-api';
import { HeadroomError, quote } from '../errors.ts';
import { standardIn, type RuleDialect } from '../analysis/rule-sql.ts';
import {
  NUMBER_PATTERN,
  orderStatisticLevel,
  type SqlEngine,
  type SqlValue,
} from './sql-engine.ts';

/** DuckDB's string literal: single quotes doubled (used only for the source path). */
export function duckdbString(text: string): string {
  return `'${text.replaceAll("'", "''")}'`;
}

const DUCKDB_RULES: RuleDialect = {
  value(v, params) {
    params.push(v);
    return '?';
  },
  not: (cond) => `(NOT coalesce(${cond}, false))`,
  contains: (text, needle) => `(instr(${text}, ${needle}) > 0)`,
  inList: standardIn,
};

/**
 * A CSV file (read as text, every column VARCHAR, as the importer reads it) or a Parquet file or
 * glob, read in place by DuckDB: larger than memory is fine, DuckDB streams and spills.
 */
export async function openDuckdb(source: string): Promise<SqlEngine> {
  const lower = source.toLowerCase();
  const from = lower.endsWith('.parquet')
    ? `read_parquet(${duckdbString(source)})`
    : lower.endsWith('.csv') || lower.endsWith('.tsv')
      ? `read_csv(${duckdbString(source)}, all_varchar = true, header = true)`
      : null;
  if (from === null) {
    throw new HeadroomError(
      'INVALID_INPUT',
      `summarize --engine duckdb reads .csv, .tsv or .parquet (or a glob of .parquet): ${quote(source)}.`,
    );
  }
  const instance = await DuckDBInstance.create(':memory:');
  const conn = await instance.connect();
  const query = async (sql: string, params: SqlValue[]) => {
    try {
      const r = await conn.runAndReadAll(sql, params);
      return r.getRowObjectsJS().map((row) => {
        const out: Record<string, unknown> = {};
        for (const [k, v] of Object.entries(row)) out[k] = typeof v === 'bigint' ? Number(v) : v;
        return out;
      });
    } catch (e) {
      throw new HeadroomError(
        'INVALID_INPUT',
        `DuckDB could not read ${quote(source)}: ${(e as Error).message.split('\n')[0]}`,
      );
    }
  };
  return {
    name: 'duckdb',
    source,
    from,
    rules: DUCKDB_RULES,
    async columns() {
      const rows = await query(`DESCRIBE SELECT * FROM ${from}`, []);
      return rows.map((r) => String(r.column_name));
    },
    ident: (name) => `"${name.replaceAll('"', '""')}"`,
    text: (expr) => `NULLIF(CAST(${expr} AS VARCHAR), '')`,
    number: (expr) => `TRY_CAST(NULLIF(CAST(${expr} AS VARCHAR), '') AS DOUBLE)`,
    isNumber: (textExpr) => `regexp_full_match(${textExpr}, '${NUMBER_PATTERN}')`,
    orderStatistics: (expr, ranks, count) =>
      `quantile_disc(${expr}, [${ranks.map((r) => orderStatisticLevel(r, count)).join(', ')}])`,
    query,
    async sampleCsv(path, n, seed) {
      if (!Number.isSafeInteger(n) || n <= 0 || !Number.isSafeInteger(seed)) {
        throw new HeadroomError(
          'INVALID_INPUT',
          `--sample takes a whole number of rows, got ${n}.`,
        );
      }
      // Reservoir sampling is repeatable for a seed on one thread.
      await query('SET threads = 1', []);
      await query(
        `COPY (SELECT * FROM ${from} USING SAMPLE reservoir(${n} ROWS) REPEATABLE (${seed})) TO ${duckdbString(path)} (HEADER, DELIMITER ',')`,
        [],
      );
    },
    async close() {
      conn.closeSync();
      instance.closeSync();
    },
  };
}
