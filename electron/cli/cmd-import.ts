import { parseArgs } from 'node:util';
import { FILE_FORMATS, type FileFormat, type ImportSummary } from '../../shared/imports.ts';
import { COLUMN_ROLES, IMPORT_KINDS, type ImportKind } from '../../shared/roles.ts';
import { parseMapArgs } from '../core/importers/detect-roles.ts';
import { createService } from '../core/service.ts';
import { UsageError, unwrap, type CliIo } from './common.ts';
import { formatImportSummary } from './format.ts';

export async function cmdImport(args: string[], io: CliIo): Promise<number> {
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
