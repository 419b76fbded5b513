import { toErrorInfo } from '../core/errors.ts';
import { cmdExamples } from './cmd-examples.ts';
import { cmdImport } from './cmd-import.ts';
import { cmdInfo } from './cmd-info.ts';
import { cmdCompare } from './cmd-compare.ts';
import { cmdDiscover } from './cmd-discover.ts';
import { cmdReport } from './cmd-report.ts';
import { cmdServe } from './cmd-serve.ts';
import { cmdReview, cmdSuspects } from './cmd-review.ts';
import {
  cmdHlp,
  cmdReference,
  cmdRequire,
  cmdRule,
  cmdShare,
  cmdTag,
  cmdTags,
  cmdTarget,
  cmdWeight,
} from './cmd-edit.ts';
import { UsageError, type CliIo } from './common.ts';
import { USAGE } from './usage.ts';

export type { CliIo } from './common.ts';

/** A Map: the command is user text, and `headroom constructor` is an unknown command, not Object. */
const COMMANDS = new Map<string, (args: string[], io: CliIo) => Promise<number>>(
  Object.entries({
    import: cmdImport,
    info: cmdInfo,
    report: cmdReport,
    compare: cmdCompare,
    discover: cmdDiscover,
    examples: cmdExamples,
    tag: cmdTag,
    tags: cmdTags,
    rule: cmdRule,
    hlp: cmdHlp,
    weight: cmdWeight,
    share: cmdShare,
    target: cmdTarget,
    require: cmdRequire,
    reference: cmdReference,
    serve: cmdServe,
    suspects: cmdSuspects,
    review: cmdReview,
  }),
);

/** Runs the CLI; returns the exit code. */
export async function main(argv: string[], io: CliIo): Promise<number> {
  const [command, ...rest] = argv;
  try {
    if (command === undefined || command === '-h' || command === '--help' || command === 'help') {
      io.out(USAGE);
      return command === undefined ? 2 : 0;
    }
    const run = COMMANDS.get(command);
    if (!run) throw new UsageError(`unknown command "${command}"`);
    return await run(rest, io);
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
