import { parseArgs } from 'node:util';
import { createService } from '../core/handlers/service.ts';
import { cliEvents, type CliIo } from './common.ts';
import { UsageError } from './usage.ts';
import { formatInfo } from './format.ts';

export async function cmdInfo(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { json: { type: 'boolean' } },
  });
  const project = positionals[0];
  if (!project || positionals.length > 1) throw new UsageError('info takes one project file');
  const service = createService({ emit: cliEvents(io) });
  try {
    const info = await service.call('project.open', { path: project });
    io.out(values.json ? JSON.stringify(info, null, 2) : formatInfo(info));
    return 0;
  } finally {
    service.close();
  }
}
