import { parseArgs } from 'node:util';
import type { MethodOutput } from '../../shared/contract.ts';
import { csvCell } from '../core/analysis/report-format.ts';
import { UsageError, unwrap, wholeOption, withProject, type CliIo } from './common.ts';

type SuspectOut = MethodOutput<'suspects.list'>['suspects'][number];

const SOURCES = ['combined', 'probabilities', 'humans', 'confidence'];

/** headroom suspects P [--top N] [--format table|csv|json] [--source S] [--run R] [--unreviewed] */
export async function cmdSuspects(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      top: { type: 'string' },
      format: { type: 'string' },
      source: { type: 'string' },
      run: { type: 'string' },
      unreviewed: { type: 'boolean' },
    },
  });
  const [project] = positionals;
  if (!project || positionals.length > 1) throw new UsageError('suspects takes one project');
  const top = wholeOption(values.top, '--top', 100, 1);
  const format = values.format ?? 'table';
  if (!['table', 'csv', 'json'].includes(format))
    throw new UsageError('--format takes table, csv or json');
  if (values.source && !SOURCES.includes(values.source)) {
    throw new UsageError(`--source takes ${SOURCES.join(', ')}`);
  }
  return withProject(project, async (service) => {
    const r = unwrap<{ source: string; suspects: SuspectOut[] }>(
      await service.call('suspects.list', {
        top,
        ...(values.source ? { source: values.source } : {}),
        ...(values.run ? { run: values.run } : {}),
        ...(values.unreviewed ? { unreviewed: true } : {}),
      }),
    );
    if (format === 'json') {
      io.out(JSON.stringify(r, null, 2));
    } else if (format === 'csv') {
      const head =
        'rank,id,label,prediction,likely,self_confidence,margin,human_agreement,score,reasons';
      const lines = r.suspects.map((s, i) =>
        [
          i + 1,
          s.id,
          s.label,
          s.prediction,
          s.likely,
          s.selfConfidence,
          s.margin,
          s.humanAgreement,
          s.score,
          s.reasons.join('; '),
        ]
          .map((v) => csvCell(v))
          .join(','),
      );
      io.out([head, ...lines].join('\r\n'));
    } else {
      io.out(`Suspect labels (${r.source}), most suspicious first:`);
      r.suspects.forEach((s, i) => {
        io.out(
          `${String(i + 1).padStart(4)}  id ${s.id}  label ${s.label}${s.likely ? ` -> likely ${s.likely}` : ''}  score ${s.score.toFixed(3)}`,
        );
        for (const why of s.reasons) io.out(`        ${why}`);
      });
    }
    return 0;
  });
}

/**
 * headroom review export P                     current verdicts as CSV (id,label,verdict,corrected,reviewer,at)
 * headroom review verdict P ID correct|wrong|ambiguous [--to LABEL] [--reviewer NAME]
 * headroom review undo P [--verdict-id N]
 */
export async function cmdReview(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      to: { type: 'string' },
      reviewer: { type: 'string' },
      'verdict-id': { type: 'string' },
    },
  });
  const [action, project, id, verdict] = positionals;
  if (!action || !project)
    throw new UsageError('review takes export, verdict or undo, then a project');
  return withProject(project, async (service) => {
    if (action === 'export') {
      const r = unwrap<{
        verdicts: {
          id: string;
          label: string;
          verdict: string;
          correctedLabel: string | null;
          reviewer: string | null;
          at: string;
        }[];
      }>(await service.call('review.current', {}));
      const lines = r.verdicts.map((v) =>
        [v.id, v.label, v.verdict, v.correctedLabel, v.reviewer, v.at]
          .map((x) => csvCell(x))
          .join(','),
      );
      io.out(['id,label,verdict,corrected,reviewer,at', ...lines].join('\r\n'));
    } else if (action === 'verdict') {
      if (!id || !verdict || !['correct', 'wrong', 'ambiguous'].includes(verdict)) {
        throw new UsageError('review verdict takes P ID correct|wrong|ambiguous [--to LABEL]');
      }
      const r = unwrap<{ verdictId: number }>(
        await service.call('review.verdict', {
          id,
          verdict,
          ...(values.to ? { correctedLabel: values.to } : {}),
          ...(values.reviewer ? { reviewer: values.reviewer } : {}),
        }),
      );
      io.out(`Verdict #${r.verdictId} recorded.`);
    } else if (action === 'undo') {
      const n = values['verdict-id'] === undefined ? undefined : Number(values['verdict-id']);
      const r = unwrap<{ undone: number }>(
        await service.call('review.undo', { ...(n !== undefined ? { verdictId: n } : {}) }),
      );
      io.out(`Verdict #${r.undone} undone.`);
    } else throw new UsageError(`unknown review action "${action}"`);
    return 0;
  });
}
