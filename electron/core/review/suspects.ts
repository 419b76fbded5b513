// Ranks the review queue (confident learning, human disagreement) over the evidence that
// suspect-evidence.ts reads from the project.
import type { Database } from 'better-sqlite3';
import { formatPercent } from '../../../shared/format.ts';
import type { Suspect, SuspectSource } from '../../../shared/review.ts';
import { availableEvidence, loadEvidence, suspectRows, topClassesOf } from './suspect-evidence.ts';

export type { Suspect, SuspectSource } from '../../../shared/review.ts';

/** Below this, a probability or agreement for the given label puts the example in the queue. */
const DOUBT = 0.5;

const pct = (x: number) => formatPercent(x);

/**
 * Ranks the examples whose given label is most likely wrong. Confident learning (Northcutt et
 * al. 2021) over the run's class probabilities: per-class thresholds t_j = mean p_ij over examples
 * labelled j; a suspect has some j ≠ y with p_ij ≥ t_j. Human disagreement is the second signal;
 * where both exist the score is their mean. Without either: confident wrong predictions.
 */
export function rankSuspects(
  db: Database,
  options: {
    run?: string;
    source?: SuspectSource;
    top?: number;
    labelOf?: (pos: number, label: string) => string;
  } = {},
): { source: SuspectSource; suspects: Suspect[] } {
  const { runId, hasProbs, hasHumans } = availableEvidence(db, options.run);
  const source: SuspectSource =
    options.source ??
    (hasProbs && hasHumans
      ? 'combined'
      : hasProbs
        ? 'probabilities'
        : hasHumans
          ? 'humans'
          : 'confidence');
  const d = loadEvidence(db, options.run, options.labelOf, source === 'confidence');
  const k = d.classes?.length ?? 0;
  const classIndex = new Map((d.classes ?? []).map((c, i) => [c, i]));

  // Per-class thresholds.
  const thresholds = new Float64Array(k);
  if (d.probs) {
    const counts = new Float64Array(k);
    for (let i = 0; i < d.n; i++) {
      const y = classIndex.get(d.labels[i] as string);
      const p = d.probs[i * k + (y ?? 0)] as number;
      if (y === undefined || Number.isNaN(p)) continue;
      thresholds[y] = (thresholds[y] as number) + p;
      counts[y] = (counts[y] as number) + 1;
    }
    for (let j = 0; j < k; j++)
      thresholds[j] =
        (counts[j] as number) > 0 ? (thresholds[j] as number) / (counts[j] as number) : 1;
  }

  const out: (Suspect & { tier: number })[] = [];
  for (let i = 0; i < d.n; i++) {
    const label = d.labels[i] as string;
    const reasons: string[] = [];
    let selfConfidence: number | null = null;
    let margin: number | null = null;
    let likely: string | null = null;
    let clSuspect = false;
    const y = classIndex.get(label);
    if (d.probs && y !== undefined && !Number.isNaN(d.probs[i * k] as number)) {
      const py = d.probs[i * k + y] as number;
      let maxOther = -1;
      let bestAbove = -1;
      let bestAboveP = -1;
      for (let j = 0; j < k; j++) {
        if (j === y) continue;
        const p = d.probs[i * k + j] as number;
        if (p > maxOther) maxOther = p;
        if (p >= (thresholds[j] as number) && p > bestAboveP) {
          bestAboveP = p;
          bestAbove = j;
        }
      }
      selfConfidence = py;
      margin = py - maxOther;
      if (bestAbove >= 0) {
        clSuspect = true;
        likely = (d.classes as string[])[bestAbove] as string;
        reasons.push(
          `model: p(${label}) = ${pct(py)}, p(${likely}) = ${pct(bestAboveP)} ≥ its class threshold ${pct(thresholds[bestAbove] as number)}`,
        );
      }
    }
    const agree = d.agree[i] as number;
    const humanKnown = !Number.isNaN(agree);
    if (humanKnown && agree < 1) {
      reasons.push(
        `humans: ${pct(1 - agree)} disagree with the given label${d.humanLikely[i] && d.humanLikely[i] !== label ? ` (most chose ${d.humanLikely[i]})` : ''}`,
      );
    }
    let score: number;
    let include: boolean;
    let tier = 0;
    switch (source) {
      case 'probabilities':
        // Confident-learning suspects first; then examples whose label the model merely doubts.
        include = clSuspect || (selfConfidence !== null && selfConfidence < DOUBT);
        score = 1 - (selfConfidence ?? 1);
        tier = clSuspect ? 0 : 1;
        if (!clSuspect && include) {
          reasons.push(
            `model: p(${label}) = ${pct(selfConfidence as number)}, no other class above its threshold`,
          );
        }
        break;
      case 'humans':
        include = humanKnown && agree < 1;
        score = 1 - agree;
        break;
      case 'combined': {
        const parts: number[] = [];
        if (selfConfidence !== null) parts.push(1 - selfConfidence);
        if (humanKnown) parts.push(1 - agree);
        include = parts.length > 0 && (clSuspect || (humanKnown && agree < DOUBT));
        score = parts.length > 0 ? parts.reduce((a, b) => a + b, 0) / parts.length : 0;
        break;
      }
      case 'confidence': {
        const pred = d.predictions[i] ?? null;
        const conf = d.confidence[i] as number;
        include = pred !== null && pred !== label;
        score = Number.isNaN(conf) ? 0.5 : conf;
        if (include) {
          likely ??= pred;
          reasons.push(
            `model: predicted ${pred}${Number.isNaN(conf) ? '' : ` with confidence ${pct(conf)}`}`,
          );
        }
        break;
      }
    }
    if (!include) continue;
    if (likely === null && d.humanLikely[i] !== label) likely = d.humanLikely[i] ?? null;

    out.push({
      pos: i,
      id: '', // filled for the returned rows only
      label,
      prediction: d.predictions[i] ?? null,
      likely,
      selfConfidence,
      margin,
      humanAgreement: humanKnown ? agree : null,
      score,
      reasons,
      tier,
      input: null,
      topClasses: [],
    });
  }
  // Ties (one-hot probabilities give many p(given) = 0) go to the wider margin for another class.
  out.sort(
    (a, b) =>
      a.tier - b.tier || b.score - a.score || (a.margin ?? 0) - (b.margin ?? 0) || a.pos - b.pos,
  );
  const ranked = options.top === undefined ? out : out.slice(0, options.top);
  // Ids and predictions only for the examples returned.
  const byPos = suspectRows(
    db,
    runId,
    ranked.map((r) => r.pos),
  );
  return {
    source,
    suspects: ranked.map(({ tier: _tier, ...s }) => ({
      ...s,
      id: byPos.get(s.pos)?.id ?? s.id,
      prediction: byPos.get(s.pos)?.prediction ?? null,
      input: byPos.get(s.pos)?.input ?? null,
      topClasses: topClassesOf(d, s.pos, 3),
    })),
  };
}
