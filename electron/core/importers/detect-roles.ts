import {
  COLUMN_ROLES,
  isAnswerKeyColumn,
  type ColumnRole,
  type ImportKind,
} from '../../../shared/roles.ts';
import { SINGLE_COLUMN_ROLES } from '../../../shared/role-names.ts';
import { HeadroomError, quote } from '../errors.ts';
import { classCollisionKey } from './values.ts';

export interface ColumnPlan {
  name: string;
  index: number;
  role: ColumnRole;
  /** Why this role: 'name', 'user', 'answer key', ... (shown in the mapping preview). */
  reason: string;
  /** For probability and human_votes columns: the class suffix of the column name. */
  classKey?: string;
}

const NAME_ROLES: [RegExp, ColumnRole][] = [
  [/^(id|example_id|sample_id|item_id|image_id|uid|key|guid)$/i, 'id'],
  [/^(label|given_label|true_label|y|y_true|target|gold|gold_label|ground_truth|class)$/i, 'label'],
  [/^(prediction|pred|predicted|predicted_label|y_pred|model_prediction)$/i, 'prediction'],
  [/^(confidence|conf|max_prob|p_max|prediction_confidence)$/i, 'confidence'],
  [/^(score|example_score|correct_score)$/i, 'score'],
  [/^(human_agree|human_agreement|hlp|annotator_agreement)$/i, 'human_agreement'],
  [/^(human_n|num_annotators|n_annotators|annotator_count)$/i, 'human_count'],
  [/^(human_label|human|annotator|rater)(_\d+)?$/i, 'human_label'],
  [
    /^(input|text|path|image|image_path|file|filepath|file_path|audio|audio_path|media|sentence)$/i,
    'input',
  ],
  // Derived copies of other columns: importing them as metadata would only add noise.
  [/^(label_id|prediction_id|pred_id|label_idx|prediction_idx|p_label)$/i, 'ignore'],
];

const TAG_NAME = /^(tag|tags|tag_name)$/i;
const PROB_PREFIX = /^(p|prob|proba|probability)_(.+)$/i;
const VOTES_PREFIX = /^human_votes_(.+)$/i;
/** Any other human_* column is derived from the votes (majority, ambiguity, entropy, ties). */
const HUMAN_PREFIX = /^human_/i;
export const HUMAN_SIGNAL_REASON = 'derived from human votes: shown, not sliced';

function roleFromName(name: string, kind: ImportKind): Omit<ColumnPlan, 'index' | 'name'> {
  if (isAnswerKeyColumn(name)) return { role: 'ignore', reason: 'answer key: never an input' };
  if (kind === 'tags' && TAG_NAME.test(name)) return { role: 'tag', reason: 'name' };
  if (kind === 'verdicts') {
    if (/^verdict$/i.test(name)) return { role: 'verdict', reason: 'name' };
    if (/^(corrected|correction|new_label)$/i.test(name))
      return { role: 'correction', reason: 'name' };
    if (/^(reviewer|reviewed_by)$/i.test(name)) return { role: 'reviewer', reason: 'name' };
  }
  for (const [re, role] of NAME_ROLES) if (re.test(name)) return { role, reason: 'name' };
  const votes = VOTES_PREFIX.exec(name);
  if (votes) return { role: 'human_votes', reason: 'name', classKey: votes[1] as string };
  const prob = PROB_PREFIX.exec(name);
  if (prob) return { role: 'probability', reason: 'name', classKey: prob[2] as string };
  if (HUMAN_PREFIX.test(name)) return { role: 'human_signal', reason: HUMAN_SIGNAL_REASON };
  return { role: 'metadata', reason: 'default' };
}

/** Which roles an import of this kind uses; the others are ignored with a reason. */
const USED_BY_KIND: Record<ImportKind, ReadonlySet<ColumnRole>> = {
  examples: new Set(
    COLUMN_ROLES.filter((r) => !['tag', 'verdict', 'correction', 'reviewer'].includes(r)),
  ),
  run: new Set(['id', 'prediction', 'confidence', 'probability', 'score']),
  humans: new Set(['id', 'human_label', 'human_votes', 'human_agreement', 'human_count']),
  tags: new Set(['id', 'tag']),
  verdicts: new Set(['id', 'verdict', 'correction', 'reviewer']),
};

/**
 * Roles for each column of `header`: detected from names, then overridden by `overrides`
 * (column name -> role). Answer-key columns stay ignored whatever is asked.
 */
export function planColumns(
  header: readonly string[],
  kind: ImportKind,
  overrides: Readonly<Record<string, ColumnRole>> = {},
): ColumnPlan[] {
  const plans = assignRoles(header, kind, overrides);
  validatePlan(plans, kind);
  return plans;
}

/**
 * Each column's role (detected, then overridden) without checking the plan as a whole: the import
 * screen shows every column's role even while two columns claim the label.
 */
export function assignRoles(
  header: readonly string[],
  kind: ImportKind,
  overrides: Readonly<Record<string, ColumnRole>> = {},
): ColumnPlan[] {
  // Own keys only, in a Map: a column named "constructor" or "__proto__" is a name like any other.
  const wantedRoles = new Map<string, ColumnRole>(Object.entries(overrides));
  for (const col of wantedRoles.keys()) {
    if (!header.includes(col)) {
      throw new HeadroomError(
        'BAD_MAPPING',
        `--map names column ${quote(col)}, which is not in the file (columns: ${header.map(quote).join(', ')}).`,
      );
    }
  }
  const plans = header.map((name, index): ColumnPlan => {
    const detected = roleFromName(name, kind);
    const wanted = wantedRoles.get(name);
    if (wanted && isAnswerKeyColumn(name) && wanted !== 'ignore') {
      throw new HeadroomError(
        'BAD_MAPPING',
        `column ${quote(name)} is an answer-key column of a label-error study and is never imported.`,
      );
    }
    if (wanted) {
      const classKey =
        wanted === 'probability'
          ? (PROB_PREFIX.exec(name)?.[2] ?? name)
          : wanted === 'human_votes'
            ? (VOTES_PREFIX.exec(name)?.[1] ?? name)
            : undefined;
      return { name, index, role: wanted, reason: 'user', ...(classKey ? { classKey } : {}) };
    }
    if (!USED_BY_KIND[kind].has(detected.role)) {
      return { name, index, role: 'ignore', reason: `not used by a ${kind} import` };
    }
    return { name, index, ...detected };
  });
  return plans;
}

export function validatePlan(plans: ColumnPlan[], kind: ImportKind): void {
  for (const role of SINGLE_COLUMN_ROLES) {
    const cols = plans.filter((p) => p.role === role);
    if (cols.length > 1) {
      throw new HeadroomError(
        'BAD_MAPPING',
        `more than one column has the role ${role}: ${cols.map((c) => quote(c.name)).join(', ')}. Choose one with --map ${role}=COLUMN and set the others with --map ignore=COLUMN.`,
      );
    }
  }
  for (const role of ['probability', 'human_votes'] as const) checkClassKeys(plans, role);
  const has = (r: ColumnRole) => plans.some((p) => p.role === r);
  const need = (r: ColumnRole, why: string) => {
    if (!has(r)) {
      throw new HeadroomError(
        'BAD_MAPPING',
        `no ${r} column found (${why}). Name it with --map ${r}=COLUMN; columns: ${plans.map((p) => quote(p.name)).join(', ')}.`,
      );
    }
  };
  need('id', 'every row needs an example id');
  if (kind === 'examples') need('label', 'the given label of each example');
  if (kind === 'run' && !has('prediction') && !has('score')) {
    need('prediction', 'a run needs predictions or a score column');
  }
  if (
    kind === 'humans' &&
    !plans.some(
      (p) => p.role.startsWith('human_') && p.role !== 'human_count' && p.role !== 'human_signal',
    )
  ) {
    throw new HeadroomError(
      'BAD_MAPPING',
      'no human annotation column found (human_label*, human_votes_<class> or human_agree).',
    );
  }
  if (kind === 'tags') need('tag', 'a tags file has rows of (example id, tag)');
  if (kind === 'verdicts')
    need('verdict', 'a verdicts file has rows of (example id, verdict, corrected)');
}

/**
 * One column per class: probability (or vote) columns whose class suffixes differ only in case,
 * spaces or punctuation would be matched to the same class, so they are refused by name.
 */
function checkClassKeys(plans: readonly ColumnPlan[], role: 'probability' | 'human_votes'): void {
  const byKey = new Map<string, string[]>();
  for (const p of plans) {
    if (p.role !== role) continue;
    const key = classCollisionKey(p.classKey ?? p.name);
    const cols = byKey.get(key);
    if (cols) cols.push(p.name);
    else byKey.set(key, [p.name]);
  }
  for (const [key, cols] of byKey) {
    if (cols.length < 2) continue;
    throw new HeadroomError(
      'BAD_MAPPING',
      `the ${role} columns ${cols.map((c) => `"${c}"`).join(', ')} name the same class ("${key}" once case, spaces and punctuation are set aside). Keep one and set the others with --map ignore=COLUMN.`,
    );
  }
}

/** Parses `role=column` pairs (CLI --map) into column -> role. */
export function parseMapArgs(
  pairs: readonly string[],
  roles: readonly string[],
): Record<string, ColumnRole> {
  const out = new Map<string, ColumnRole>();
  for (const pair of pairs) {
    const eq = pair.indexOf('=');
    const role = pair.slice(0, eq);
    const column = pair.slice(eq + 1);
    if (eq <= 0 || column === '') {
      throw new HeadroomError('BAD_MAPPING', `--map takes ROLE=COLUMN, got ${quote(pair)}.`);
    }
    if (!roles.includes(role)) {
      throw new HeadroomError(
        'BAD_MAPPING',
        `unknown role ${quote(role)} in --map (roles: ${roles.join(', ')}).`,
      );
    }
    out.set(column, role as ColumnRole);
  }
  // fromEntries defines own properties: "__proto__" stays a key, not the object's prototype.
  return Object.fromEntries(out);
}
