import type { ExampleDetail } from '../../../shared/examples.ts';
import type { AnalysisIndex } from '../analysis/analysis-index.ts';
import { hasBit } from '../analysis/bitset.ts';
import { parseVotes, voteClasses } from '../analysis/human-votes.ts';
import type { OpenProject } from '../project/open-project.ts';
import { positionsOfIds } from '../tags/tags.ts';
import { decodeProbs } from './columns.ts';
import { rowsAt } from './rows.ts';

function probabilities(p: OpenProject, runId: number, pos: number): ExampleDetail['probabilities'] {
  const run = p.db
    .prepare<[number], { classes: string | null }>('SELECT classes FROM runs WHERE id = ?')
    .get(runId);
  const blob = p.db
    .prepare<[number, number], Buffer | null>(
      'SELECT probs FROM predictions WHERE run_id = ? AND pos = ?',
    )
    .pluck()
    .get(runId, pos);
  if (!run?.classes || !blob) return [];
  const classes = JSON.parse(run.classes) as string[];
  const probs = decodeProbs(blob);
  return classes
    .map((label, k) => ({ label, p: probs[k] as number }))
    .filter((x) => Number.isFinite(x.p))
    .sort((a, b) => b.p - a.p);
}

function humanVotes(p: OpenProject, index: AnalysisIndex, pos: number) {
  const set = index.human;
  if (!set) return { votes: [], agreement: null };
  const row = p.db
    .prepare<[number, number], { votes: string | null }>(
      'SELECT votes FROM human_annotations WHERE set_id = ? AND pos = ?',
    )
    .get(set.setId, pos);
  const classes = p.db
    .prepare<[number], string | null>('SELECT classes FROM human_sets WHERE id = ?')
    .pluck()
    .get(set.setId);
  const agreement = hasBit(set.has, pos) ? (set.values[pos] as number) : null;
  if (!row?.votes) return { votes: [], agreement };
  const parsed = parseVotes(row.votes, voteClasses(classes ?? null) ?? []);
  const entries = [...(parsed ?? [])].map(([label, votes]) => ({ label, votes }));
  return { votes: entries.filter((e) => e.votes > 0).sort((a, b) => b.votes - a.votes), agreement };
}

/** Everything the detail pane shows about one example. */
export function exampleDetail(p: OpenProject, index: AnalysisIndex, id: string): ExampleDetail {
  const [pos] = positionsOfIds(p.db, [id]) as [number];
  const [row] = rowsAt(p.db, index, [pos]) as [ExampleDetail['row']];
  const humans = humanVotes(p, index, pos);
  const line = p.db
    .prepare<[number], number>('SELECT src_line FROM examples WHERE pos = ?')
    .pluck()
    .get(pos) as number;
  const verdicts = p.db
    .prepare<
      [number],
      { verdict: string; correctedLabel: string | null; reviewer: string | null; at: string }
    >(
      `SELECT verdict, corrected_label AS correctedLabel, reviewer, created_at AS at
         FROM verdicts WHERE pos = ? ORDER BY id`,
    )
    .all(pos);
  return {
    row,
    run: index.run.name,
    probabilities: probabilities(p, index.run.id, pos),
    humanVotes: humans.votes,
    humanAgreement: humans.agreement,
    line,
    verdicts,
  };
}
