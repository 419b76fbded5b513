import { toErrorInfo } from '../core/errors.ts';
import type { CliIo } from './common.ts';
import { commandUsage, USAGE, UsageError } from './usage.ts';

export type { CliIo } from './common.ts';

type Command = (args: string[], io: CliIo) => Promise<number>;

/**
 * The commands, each loaded when it runs: `headroom --help` or a usage error loads no engine
 * module, and a command loads only what it imports (test/cli/cli-start.test.ts checks the first).
 * A Map: the command is user text, and `headroom constructor` is an unknown command, not Object.
 */
const COMMANDS = new Map<string, () => Promise<Command>>([
  ['import', async () => (await import('./cmd-import.ts')).cmdImport],
  ['summarize', async () => (await import('./cmd-summarize.ts')).cmdSummarize],
  ['info', async () => (await import('./cmd-info.ts')).cmdInfo],
  ['report', async () => (await import('./cmd-report.ts')).cmdReport],
  ['compare', async () => (await import('./cmd-compare.ts')).cmdCompare],
  ['discover', async () => (await import('./cmd-discover.ts')).cmdDiscover],
  ['examples', async () => (await import('./cmd-examples.ts')).cmdExamples],
  ['tag', async () => (await import('./cmd-edit.ts')).cmdTag],
  ['tags', async () => (await import('./cmd-edit.ts')).cmdTags],
  ['rule', async () => (await import('./cmd-edit.ts')).cmdRule],
  ['hlp', async () => (await import('./cmd-edit.ts')).cmdHlp],
  ['weight', async () => (await import('./cmd-edit.ts')).cmdWeight],
  ['share', async () => (await import('./cmd-edit.ts')).cmdShare],
  ['target', async () => (await import('./cmd-edit.ts')).cmdTarget],
  ['require', async () => (await import('./cmd-edit.ts')).cmdRequire],
  ['reference', async () => (await import('./cmd-edit.ts')).cmdReference],
  ['bins', async () => (await import('./cmd-edit.ts')).cmdBins],
  ['serve', async () => (await import('./cmd-serve.ts')).cmdServe],
  ['suspects', async () => (await import('./cmd-review.ts')).cmdSuspects],
  ['review', async () => (await import('./cmd-review.ts')).cmdReview],
  ['decide', async () => (await import('./cmd-decide.ts')).cmdDecide],
  ['decisions', async () => (await import('./cmd-decide.ts')).cmdDecisions],
  ['plan', async () => (await import('./cmd-plan.ts')).cmdPlan],
  ['memo', async () => (await import('./cmd-memo.ts')).cmdMemo],
]);

/** Runs the CLI; returns the exit code. */
export async function main(argv: string[], io: CliIo): Promise<number> {
  const [command, ...rest] = argv;
  try {
    if (command === undefined || command === '-h' || command === '--help' || command === 'help') {
      io.out(USAGE);
      return command === undefined ? 2 : 0;
    }
    const load = COMMANDS.get(command);
    if (!load) throw new UsageError(`unknown command "${command}"`);
    const options = rest.includes('--') ? rest.slice(0, rest.indexOf('--')) : rest;
    if (options.includes('--help') || options.includes('-h')) {
      io.out(commandUsage(command));
      return 0;
    }
    const run = await load();
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
