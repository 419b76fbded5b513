import { parseArgs } from 'node:util';
import { COLUMN_ROLES, IMPORT_KINDS, type ImportKind } from '../../shared/roles.ts';
import { FILE_FORMATS, type FileFormat, type ImportSummary } from '../../shared/imports.ts';
import type { ProjectInfo } from '../../shared/project.ts';
import type { Envelope } from '../../shared/contract.ts';
import { parseMapArgs } from '../core/importers/detect-roles.ts';
import { toErrorInfo } from '../core/errors.ts';
import { createService } from '../core/service.ts';
import { formatImportSummary, formatInfo } from './format.ts';
import type { Report } from '../../shared/report.ts';
import { formatCsv, formatMarkdown, formatTable } from '../core/analysis/report-format.ts';

export interface CliIo {
  out: (text: string) => void;
  err: (text: string) => void;
  /** Live progress on one line (a TTY); undefined to print none. */
  progress?: (text: string) => void;
}

const USAGE = `headroom: error analysis of ML predictions (per-slice accuracy, HLP, headroom ranking)

Usage:
  headroom import FILE --project P.headroom [options]   import a CSV, TSV, JSONL or Parquet file
      --run NAME        name of the model run (a new run when the project has examples)
      --as KIND         examples | run | humans | tags (default: examples for a new project)
      --name NAME       name of the run or human annotation set (same as --run)
      --map ROLE=COLUMN override a detected column role (repeatable); roles:
                        ${COLUMN_ROLES.join(', ')}
      --strict          refuse the import if any row would be rejected
      --encoding ENC    the file's encoding when it is not UTF-8 (windows-1252, shift_jis, ...)
      --format FMT      csv | tsv | jsonl | parquet (default: from the extension)
      --json            print the import summary as JSON
  headroom info P.headroom [--json]                     examples, columns and roles, runs, humans, tags
  headroom report P.headroom [options]                  the slices ranked by headroom
      --run NAME        the run to analyse (default: the first)
      --labels SET      original (default) or corrected
      --format FMT      table (default), json, md or csv
      --top N           rows of the table format (default 30)

Exit codes: 0 done, 1 failed (the message says why; the project is unchanged), 2 bad usage, 130 cancelled.`;

class UsageError extends Error {}

function unwrap<T>(env: Envelope<unknown>): T {
  if (!env.ok) throw Object.assign(new Error(env.error.message), { code: env.error.code });
  return env.value as T;
}

async function cmdImport(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      project: { type: 'string', short: 'p' },
      run: { type: 'string' },
      name: { type: 'string' },
      as: { type: 'string' },
      map: { type: 'string', multiple: true },
      strict: { type: 'boolean' },
      encoding: { type: 'string' },
      format: { type: 'string' },
      json: { type: 'boolean' },
    },
  });
  const file = positionals[0];
  if (!file || positionals.length > 1) throw new UsageError('import takes one FILE');
  if (!values.project) throw new UsageError('import needs --project P.headroom');
  if (values.as && !(IMPORT_KINDS as readonly string[]).includes(values.as)) {
    throw new UsageError(`--as takes one of ${IMPORT_KINDS.join(', ')}`);
  }
  if (values.format && !(FILE_FORMATS as readonly string[]).includes(values.format)) {
    throw new UsageError(`--format takes one of ${FILE_FORMATS.join(', ')}`);
  }
  const name = values.run ?? values.name;
  const service = createService({
    emit: (event, payload) => {
      if (event !== 'import.progress' || !io.progress) return;
      const p = payload as { rows: number; bytes: number; totalBytes: number; rowsPerSec: number };
      const pctDone = p.totalBytes > 0 ? ((100 * p.bytes) / p.totalBytes).toFixed(0) : '?';
      io.progress(
        `importing: ${p.rows.toLocaleString('en-US')} rows, ${pctDone}% of the file, ${p.rowsPerSec.toLocaleString('en-US')} rows/s`,
      );
    },
  });
  const jobId = 'cli-import';
  const onSigint = () => {
    void service.call('jobs.cancel', { jobId });
  };
  process.on('SIGINT', onSigint);
  try {
    const env = await service.call('datasets.import', {
      project: values.project,
      file,
      jobId,
      ...(values.as ? { kind: values.as as ImportKind } : {}),
      ...(name ? { name } : {}),
      ...(values.map ? { map: parseMapArgs(values.map, COLUMN_ROLES) } : {}),
      ...(values.strict ? { strict: true } : {}),
      ...(values.encoding ? { encoding: values.encoding } : {}),
      ...(values.format ? { format: values.format as FileFormat } : {}),
    });
    io.progress?.('');
    if (!env.ok && env.error.code === 'CANCELLED') {
      io.err(`headroom: ${env.error.message}`);
      return 130;
    }
    const summary = unwrap<ImportSummary>(env);
    io.out(values.json ? JSON.stringify(summary, null, 2) : formatImportSummary(summary));
    return 0;
  } finally {
    process.off('SIGINT', onSigint);
    service.close();
  }
}

async function cmdInfo(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { json: { type: 'boolean' } },
  });
  const project = positionals[0];
  if (!project || positionals.length > 1) throw new UsageError('info takes one project file');
  const service = createService();
  try {
    const info = unwrap<ProjectInfo>(await service.call('project.open', { path: project }));
    io.out(values.json ? JSON.stringify(info, null, 2) : formatInfo(info));
    return 0;
  } finally {
    service.close();
  }
}

async function cmdReport(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      run: { type: 'string' },
      labels: { type: 'string' },
      format: { type: 'string' },
      top: { type: 'string' },
    },
  });
  const project = positionals[0];
  if (!project || positionals.length > 1) throw new UsageError('report takes one project file');
  const format = values.format ?? 'table';
  if (!['table', 'json', 'md', 'csv'].includes(format)) {
    throw new UsageError('--format takes table, json, md or csv');
  }
  if (values.labels && values.labels !== 'original' && values.labels !== 'corrected') {
    throw new UsageError('--labels takes original or corrected');
  }
  const top = values.top === undefined ? 30 : Number(values.top);
  if (!Number.isInteger(top) || top < 0) throw new UsageError('--top takes a whole number');
  const service = createService();
  try {
    unwrap(await service.call('project.open', { path: project }));
    const report = unwrap<Report>(
      await service.call('slices.report', {
        ...(values.run ? { run: values.run } : {}),
        ...(values.labels ? { labels: values.labels } : {}),
      }),
    );
    io.out(
      format === 'json'
        ? JSON.stringify(report, null, 2)
        : format === 'md'
          ? formatMarkdown(report)
          : format === 'csv'
            ? formatCsv(report).trimEnd()
            : formatTable(report, top),
    );
    return 0;
  } finally {
    service.close();
  }
}

/** Runs the CLI; returns the exit code. */
export async function main(argv: string[], io: CliIo): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case 'import':
        return await cmdImport(rest, io);
      case 'info':
        return await cmdInfo(rest, io);
      case 'report':
        return await cmdReport(rest, io);
      case undefined:
      case '-h':
      case '--help':
      case 'help':
        io.out(USAGE);
        return command === undefined ? 2 : 0;
      default:
        throw new UsageError(`unknown command "${command}"`);
    }
  } catch (err) {
    if (
      err instanceof UsageError ||
      (err as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')
    ) {
      io.err(`headroom: ${(err as Error).message}\n\n${USAGE}`);
      return 2;
    }
    io.err(`headroom: ${toErrorInfo(err).message}`);
    return 1;
  }
}
