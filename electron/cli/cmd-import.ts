import { parseArgs } from 'node:util';
import { eventMessage } from '../../shared/contract.ts';
import { FILE_FORMATS } from '../../shared/imports.ts';
import { COLUMN_ROLES, IMPORT_KINDS } from '../../shared/roles.ts';
import { parseMapArgs } from '../core/importers/detect-roles.ts';
import { HeadroomError } from '../core/errors.ts';
import { createService } from '../core/handlers/service.ts';
import { choiceOption, cliEvents, type CliIo } from './common.ts';
import { UsageError } from './usage.ts';
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
  const kind = choiceOption(
    values.as || undefined,
    IMPORT_KINDS,
    `--as takes one of ${IMPORT_KINDS.join(', ')}`,
  );
  const format = choiceOption(
    values.format || undefined,
    FILE_FORMATS,
    `--format takes one of ${FILE_FORMATS.join(', ')}`,
  );
  const name = values.run ?? values.name;
  const service = createService({
    emit: cliEvents(io, (event, payload) => {
      const message = eventMessage(event, payload);
      if (message.event !== 'imports.progress' || !io.progress) return;
      const p = message.payload;
      const pctDone = p.totalBytes > 0 ? ((100 * p.bytes) / p.totalBytes).toFixed(0) : '?';
      io.progress(
        p.finishing
          ? `finishing: ${p.rows.toLocaleString('en-US')} rows read; checking ids and saving the project`
          : `${p.again ? 'reading again (the file repeats ids; each repeat is rejected on its line)' : 'importing'}: ${p.rows.toLocaleString('en-US')} rows, ${pctDone}% of the file, ${p.rowsPerSec.toLocaleString('en-US')} rows/s`,
      );
    }),
  });
  const jobId = 'cli-import';
  const onSigint = () => {
    void service.call('imports.cancel', { jobId });
  };
  process.on('SIGINT', onSigint);
  try {
    const summary = await service.call('imports.run', {
      project: values.project,
      file,
      jobId,
      ...(kind ? { kind } : {}),
      ...(name ? { name } : {}),
      ...(values.map ? { map: parseMapArgs(values.map, COLUMN_ROLES) } : {}),
      ...(values.strict ? { strict: true } : {}),
      ...(values.encoding ? { encoding: values.encoding } : {}),
      ...(format ? { format } : {}),
    });
    io.progress?.('');
    io.out(values.json ? JSON.stringify(summary, null, 2) : formatImportSummary(summary));
    return 0;
  } catch (err) {
    io.progress?.('');
    if (!(err instanceof HeadroomError) || err.code !== 'CANCELLED') throw err;
    io.err(`headroom: ${err.message}`);
    return 130;
  } finally {
    process.off('SIGINT', onSigint);
    service.close();
  }
}
