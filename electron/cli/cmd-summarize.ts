import { parseArgs } from 'node:util';
import { COLUMN_ROLES } from '../../shared/roles.ts';
import { parseMapArgs } from '../core/importers/detect-roles.ts';
import { openClickhouse } from '../core/summaries/clickhouse-engine.ts';
import { openDuckdb } from '../core/summaries/duckdb-engine.ts';
import type { SqlEngine } from '../core/summaries/sql-engine.ts';
import { summarize } from '../core/summaries/summarize.ts';
import type { OtherRunColumn } from '../core/summaries/summary-query.ts';
import { choiceOption, type CliIo } from './common.ts';
import { UsageError } from './usage.ts';

const ENGINES = ['duckdb', 'clickhouse'] as const;

/** `headroom summarize`: per-slice statistics computed where the data lives (docs/summaries.md). */
export async function cmdSummarize(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      project: { type: 'string', short: 'p' },
      engine: { type: 'string' },
      map: { type: 'string', multiple: true },
      url: { type: 'string' },
      table: { type: 'string' },
      json: { type: 'boolean' },
      sample: { type: 'string' },
      seed: { type: 'string' },
      bins: { type: 'string', multiple: true },
      'run-column': { type: 'string', multiple: true },
    },
  });
  if (!values.project) throw new UsageError('summarize needs --project S.headroom');
  const engineName =
    choiceOption(
      values.engine || undefined,
      ENGINES,
      `--engine takes one of ${ENGINES.join(', ')}`,
    ) ?? 'duckdb';
  const overrides = parseMapArgs(values.map ?? [], COLUMN_ROLES);
  const source = positionals[0];
  let engine: SqlEngine;
  if (engineName === 'clickhouse') {
    if (positionals.length > 0)
      throw new UsageError('summarize --engine clickhouse takes --url and --table, no SOURCE');
    if (!values.url || !values.table)
      throw new UsageError(
        'summarize --engine clickhouse needs --url http://HOST:PORT and --table T',
      );
    engine = await openClickhouse({
      url: values.url,
      table: values.table,
      ...(process.env.CLICKHOUSE_USER ? { user: process.env.CLICKHOUSE_USER } : {}),
      ...(process.env.CLICKHOUSE_PASSWORD ? { password: process.env.CLICKHOUSE_PASSWORD } : {}),
    });
  } else {
    if (!source || positionals.length > 1) throw new UsageError('summarize takes one SOURCE');
    engine = await openDuckdb(source);
  }
  try {
    const sample =
      values.sample === undefined
        ? null
        : {
            rows: wholeNumber(values.sample, '--sample'),
            seed: wholeNumber(values.seed ?? '1', '--seed'),
          };
    const result = await summarize(
      engine,
      values.project,
      overrides,
      sample,
      parseBins(values.bins ?? []),
      parseRunColumns(values['run-column'] ?? []),
    );
    if (values.json) io.out(JSON.stringify(result, null, 2));
    else
      io.out(
        `Summarized ${result.rows.toLocaleString('en-US')} rows of ${result.source} with ${result.engine}: ${result.slices} slices in ${result.seconds.toFixed(2)} s (summary #${result.summaryId})${result.sampleRows === null ? '' : `; a sample of ${result.sampleRows.toLocaleString('en-US')} examples to browse`}.`,
      );
    return 0;
  } finally {
    await engine.close();
  }
}

/** `--run-column NAME=COLUMN`: COLUMN holds the predictions of another run, NAME (repeatable). */
function parseRunColumns(args: readonly string[]): OtherRunColumn[] {
  const names = new Set<string>();
  return args.map((arg) => {
    const eq = arg.indexOf('=');
    if (eq <= 0 || eq === arg.length - 1) {
      throw new UsageError(`--run-column takes NAME=COLUMN, got ${JSON.stringify(arg)}`);
    }
    const name = arg.slice(0, eq);
    if (names.has(name)) throw new UsageError(`--run-column names ${JSON.stringify(name)} twice`);
    names.add(name);
    return { name, column: arg.slice(eq + 1) };
  });
}

/** `--bins COLUMN=B` (B quantile bins, 2..20, as `slices.bins`), repeatable. */
function parseBins(args: readonly string[]): Map<string, number> {
  const out = new Map<string, number>();
  for (const arg of args) {
    const eq = arg.lastIndexOf('=');
    const count = eq > 0 ? Number(arg.slice(eq + 1)) : NaN;
    if (eq <= 0 || !/^\d+$/.test(arg.slice(eq + 1)) || count < 2 || count > 20) {
      throw new UsageError(
        `--bins takes COLUMN=B with B from 2 to 20 quantile bins, got ${JSON.stringify(arg)}`,
      );
    }
    out.set(arg.slice(0, eq), count);
  }
  return out;
}

function wholeNumber(text: string, option: string): number {
  if (!/^\d+$/.test(text) || Number(text) <= 0 || !Number.isSafeInteger(Number(text))) {
    throw new UsageError(`${option} takes a whole number above 0, got ${JSON.stringify(text)}`);
  }
  return Number(text);
}
