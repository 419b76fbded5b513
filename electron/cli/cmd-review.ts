import { parseArgs } from 'node:util';
import { csvCell } from '../core/analysis/report-format.ts';
import { SUSPECT_SOURCES, VERDICTS } from '../../shared/review.ts';
import { choiceOption, wholeOption, withProject, type CliIo } from './common.ts';
import { UsageError } from './usage.ts';

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
  const source = choiceOption(
    values.source || undefined,
    SUSPECT_SOURCES,
    `--source takes ${SUSPECT_SOURCES.join(', ')}`,
  );
  return withProject(project, io, async (service) => {
    const r = await service.call('suspects.list', {
      top,
      ...(source ? { source } : {}),
      ...(values.run ? { run: values.run } : {}),
      ...(values.unreviewed ? { unreviewed: true } : {}),
    });
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
  return withProject(project, io, async (service) => {
    if (action === 'export') {
      const r = await service.call('review.current', {});
      const lines = r.verdicts.map((v) =>
        [v.id, v.label, v.verdict, v.correctedLabel, v.reviewer, v.at]
          .map((x) => csvCell(x))
          .join(','),
      );
      io.out(['id,label,verdict,corrected,reviewer,at', ...lines].join('\r\n'));
    } else if (action === 'verdict') {
      const kind = VERDICTS.find((v) => v === verdict);
      if (!id || !kind) {
        throw new UsageError('review verdict takes P ID correct|wrong|ambiguous [--to LABEL]');
      }
      const r = await service.call('review.verdict', {
        id,
        verdict: kind,
        ...(values.to ? { correctedLabel: values.to } : {}),
        ...(values.reviewer ? { reviewer: values.reviewer } : {}),
      });
      io.out(`Verdict #${r.verdictId} recorded.`);
    } else if (action === 'undo') {
      const n = values['verdict-id'] === undefined ? undefined : Number(values['verdict-id']);
      const r = await service.call('review.undo', { ...(n !== undefined ? { verdictId: n } : {}) });
      io.out(`Verdict #${r.undone} undone.`);
    } else throw new UsageError(`unknown review action "${action}"`);
    return 0;
  });
}
