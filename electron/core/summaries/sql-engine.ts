import type { RuleDialect } from '../analysis/rule-sql.ts';

/** A value bound to a query: a placeholder's value, or a literal the engine quotes itself. */
export type SqlValue = string | number;

/**
 * An engine that holds the data and computes the statistics of a summary project
 * (docs/summaries.md): DuckDB embedded, ClickHouse over HTTP. Only aggregates and a few distinct
 * values come back, never the rows. Every identifier goes through `ident`, every user value
 * through `rules.value` (a bound parameter, or the engine's own quoting).
 */
export interface SqlEngine {
  readonly name: 'duckdb' | 'clickhouse';
  /** What the summary was computed from, for the project (a path or a table; no password). */
  readonly source: string;
  /** The FROM expression of the source. */
  readonly from: string;
  readonly rules: RuleDialect;
  /** The column names of the source, in order. */
  columns(): Promise<string[]>;
  /** A quoted identifier. */
  ident(name: string): string;
  /** A column's values as text (NULL for empty). */
  text(expr: string): string;
  /** A column's values as a double (NULL when it is not a number). */
  number(expr: string): string;
  /** Whether text matches the strict number syntax of the importer (values.ts NUMBER_RE). */
  isNumber(textExpr: string): string;
  /**
   * An aggregate whose value is the array of the order statistics of `expr` at the 0-based ranks
   * `ranks` of its `count` non-NULL values (each exactly one of the values: no interpolation),
   * read in one pass. Each rank r is asked as the level (r + ½)/count, which both engines' exact
   * discrete quantiles map back to r (orderStatisticLevel).
   */
  orderStatistics(expr: string, ranks: readonly number[], count: number): string;
  /** Rows as plain objects (numbers as JS numbers). */
  query(sql: string, params: SqlValue[]): Promise<Record<string, unknown>[]>;
  /**
   * Writes a uniform random sample of `n` rows, seeded, as a CSV with a header (for browsing);
   * undefined when the engine cannot.
   */
  sampleCsv?(path: string, n: number, seed: number): Promise<void>;
  close(): Promise<void>;
}

/** The importer's number syntax (electron/core/importers/values.ts), as a regular expression. */
export const NUMBER_PATTERN = '^[+-]?([0-9]+[.]?[0-9]*|[.][0-9]+)([eE][+-]?[0-9]+)?$';

/**
 * The quantile level that selects the order statistic of 0-based rank r among `count` values in
 * DuckDB's quantile_disc (index ⌈count·q⌉ − 1) and ClickHouse's quantilesExact (index
 * ⌊count·q⌋): both give r for q = (r + ½)/count, half a rank away from either boundary, far
 * more than the rounding of count·q. Written as a literal: our own number, not user text.
 */
export function orderStatisticLevel(r: number, count: number): string {
  if (!Number.isSafeInteger(r) || !Number.isSafeInteger(count) || r < 0 || r >= count)
    throw new Error(`rank ${r} of ${count} values`);
  return String((r + 0.5) / count);
}
