// Loaded by `headroom --help` and every usage error: it imports nothing of the engine (and no zod).
import { COLUMN_ROLES } from '../../shared/role-names.ts';

/** Wrong arguments: exit code 2 with the usage text. */
export class UsageError extends Error {}

/** The usage lines of one command (`headroom report --help`): its blocks of USAGE and the notes. */
export function commandUsage(command: string): string {
  const blocks: string[][] = [];
  for (const line of USAGE.split('\n')) {
    if (line.startsWith('  headroom ')) blocks.push([line]);
    else if (line.startsWith('   ') && blocks.length > 0) blocks.at(-1)?.push(line);
    else if (!line.startsWith('   ')) blocks.push([]);
  }
  const mine = blocks.filter((b) => b[0]?.startsWith(`  headroom ${command} `));
  const notes = USAGE.slice(USAGE.lastIndexOf('\n\nSLICE is') + 2);
  return ['Usage:', ...mine.flat(), '', notes].join('\n');
}

export const USAGE = `headroom: error analysis of ML predictions (per-slice accuracy, HLP, headroom ranking)

Usage:
  headroom import FILE --project P.headroom [options]   import a CSV, TSV, JSONL or Parquet file
      --run NAME        name of the model run (a new run when the project has examples)
      --as KIND         examples | run | humans | tags | verdicts (default: examples for a new project)
      --name NAME       name of the run or human annotation set (same as --run)
      --map ROLE=COLUMN override a detected column role (repeatable); roles:
                        ${COLUMN_ROLES.join(', ')}
      --strict          refuse the import if any row would be rejected
      --encoding ENC    the file's encoding when it is not UTF-8 (windows-1252, shift_jis, ...)
      --format FMT      csv | tsv | jsonl | parquet (default: from the extension)
      --json            print the import summary as JSON
  headroom summarize SOURCE --project S.headroom [--engine duckdb] [--map ROLE=COLUMN ...] [--json]
                    [--sample N [--seed S]]             (--sample: N random rows imported to browse)
                    [--bins COLUMN=B ...]               (B quantile bins of a numeric column, 2-20; kept)
                    [--run-column NAME=COLUMN ...]      (COLUMN: another run's predictions, run:NAME)
  headroom summarize --engine clickhouse --url http://HOST:8123 --table T --project S.headroom
                                                        (user, password: CLICKHOUSE_USER, CLICKHOUSE_PASSWORD)
                                                        per-slice statistics computed by the engine that
                                                        holds the data (CSV, Parquet or a Parquet glob);
                                                        S is a summary project (docs/summaries.md)
  headroom info P.headroom [--json]                     examples, columns and roles, runs, humans, tags
  headroom report P.headroom [options]                  the slices ranked by headroom
      --run NAME        the run to analyse (default: the first)
      --labels SET      original (default) or corrected
      --format FMT      table (default), json, md or csv
      --top N           rows of the table format (default 30)
      --metric M        accuracy (default), score, recall:CLASS or precision:CLASS
      --reference R     what the gap is measured against: hlp, best, target or run:NAME
                        (default: the project's, else hlp with human data, else best)
      --positive C      the positive class (needs a p_C column): adds average precision (ap)
      --threshold T     predict C when p(C) >= T (0 to 1), else the best other class; needs --positive
      --fail-on-requirement  exit with 3 when a slice fails its requirement
  headroom compare P.headroom RUN_A RUN_B [--labels SET] [--format table|json|csv] [--top N]
                                                        two runs per slice: accuracies, B - A with its
                                                        interval, McNemar's test; regressions flagged
  headroom discover P.headroom [--run R] [--top N] [--min-support N] [--alpha A] [--by score|gain]
                    [--format table|json]
                                                        slices of up to 3 metadata values where the model
                                                        errs most (SliceLine's score); proposals only
  headroom discover P.headroom --accept K --tag NAME    keep proposal K as a tag
  headroom examples P.headroom [filters] [--sort KEY[:desc]] [--limit N] [--format table|csv|json]
                                                        the examples a filter matches (the errors browser's)
      filters: --errors | --correct, --given C, --predicted C, --slice ID [--not-in-slice],
               --untagged, --min-confidence X, --max-confidence X, --where EXPR, --search TEXT
      --sort KEY        pos (file order), id, confidence, label, prediction or meta:COLUMN
      --confusion       print the confusion matrix (given x predicted) of the matching examples
  headroom tag P.headroom TAG (--ids 1,2,3 | --ids-file F | --where EXPR) [--remove]
                                                        tag (or untag) examples
  headroom tags P.headroom [list | rename OLD NEW | merge FROM INTO | delete TAG | restore TAG]
  headroom rule add P.headroom NAME EXPR                save a rule slice, e.g. 'snr_db < 5 and device = "phone"'
  headroom rule list P.headroom | rule delete P.headroom NAME
  headroom hlp set P.headroom SLICE VALUE [--source TEXT] [--n N]
                                                        enter a slice's human-level performance (0.93 or 93%)
  headroom hlp clear P.headroom SLICE
  headroom weight P.headroom SLICE [--ease E] [--importance I]
                                                        Ng's other two factors (default 1)
  headroom share set P.headroom SLICE VALUE             the slice's expected share of production data
                                                        (0.2 or 20%), used instead of n / N
  headroom share clear P.headroom SLICE
  headroom target set P.headroom SLICE VALUE [--source TEXT] [--n N]
                                                        a level to reach (SLICE may be all), a baseline
  headroom target clear P.headroom SLICE
  headroom require P.headroom SCOPE ">= 0.9" [--source TEXT]
                                                        a requirement: ">= V" or ">= overall - D";
                                                        SCOPE is a slice, all or COLUMN=* (e.g. region=*)
  headroom require clear P.headroom SCOPE
  headroom reference set P.headroom hlp|best|target|run:NAME
                                                        the project's default reference for the gap
  headroom reference clear P.headroom
  headroom bins P.headroom COLUMN N|default             a numeric column cut into N quantile bins (2..20)

  headroom suspects P.headroom [--top N] [--format table|csv|json] [--source S] [--unreviewed]
                                                        examples whose given label is most likely wrong
  headroom review verdict P.headroom ID correct|wrong|ambiguous [--to LABEL] [--reviewer NAME]
  headroom review undo P.headroom [--verdict-id N]
  headroom review export P.headroom > corrections.csv   (re-import with: import F --project P --as verdicts)
  headroom decide P.headroom SLICE --owner NAME --why TEXT [--due YYYY-MM-DD] [--expected-gain G]
                  [--run R]                             log a decision on a slice with its figures now
                                                        (run R, default: the latest run)
  headroom decisions P.headroom [--run R] [--format table|json]
                                                        the decisions then versus now in run R (default:
                                                        the latest): accuracy change with its paired
                                                        interval, McNemar's p, a verdict
  headroom decide close P.headroom ID [--why TEXT]      close a decision (the log keeps every event)
  headroom plan P.headroom SLICE [--half-width 0.02] [--figure accuracy|hlp|gap|gap_vs_zero]
                [--assurance 0.95] [--run R] [--format table|json]
                                                        how many more examples the slice needs for the
                                                        figure's 95% interval (analysis.md section 9)
  headroom memo P.headroom [--run R] [--format html|md] [--top N] > memo.html
                                                        the planning memo (report, decisions then versus
                                                        now, label review) of run R (default: the latest)
  headroom serve [P.headroom] [--port N]               the browser mode on 127.0.0.1 (prints a URL with a token)

SLICE is a name as the report shows it ("car noise", "device = phone", "label = cat") or an id.
Rule expressions: comparisons (= != < <= > >=), in (...), not in (...), is null, is not null,
contains "text", and, or, not, parentheses; strings in quotes, odd column names in backquotes.

Exit codes: 0 done, 1 failed (the message says why; the project is unchanged), 2 bad usage, 130 cancelled.`;
