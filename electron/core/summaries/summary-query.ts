import type { SliceKind } from '../../../shared/report.ts';
import { compileRule, type RuleColumn } from '../analysis/rule-sql.ts';
import { parseRule, RuleError } from '../analysis/rule-parser.ts';
import { isRedundant } from '../analysis/figures.ts';
import { findRepeatsBy, repeatCandidates } from '../analysis/redundant-slices.ts';
import { formatEdge, MAX_BINS, MAX_EXACT_NUMERIC_VALUES } from '../analysis/slice-defs.ts';
import { HeadroomError, quote } from '../errors.ts';
import type { ColumnPlan } from '../importers/detect-roles.ts';
import { humanKind, humanParts } from '../importers/row-parts.ts';
import { normalizeClassName } from '../importers/values.ts';
import { MAX_CATEGORIES } from '../importers/write-examples.ts';
import type { SqlEngine, SqlValue } from './sql-engine.ts';

/** The sufficient statistics of one slice (docs/summaries.md). */
export interface SliceSums {
  id: string;
  kind: SliceKind | 'overall';
  name: string;
  size: number;
  n: number;
  correctSum: number;
  correctSumSq: number;
  humanN: number;
  humanSum: number;
  humanSumSq: number;
  /** The slice this one repeats (Jaccard of members >= 0.99, redundant-slices.ts), or null. */
  repeats: string | null;
  /** Rows of the slice's most frequent label (the majority baseline, analysis.md 8.2). */
  majorityCount: number;
}

/**
 * The per-class counts of one slice and class C (docs/summaries.md): recall:C and precision:C
 * of the slice, and their no-skill floor.
 */
export interface ClassSums {
  sliceId: string;
  cls: string;
  /** |S ∩ label C| */
  labelled: number;
  /** |S ∩ prediction C| */
  predicted: number;
  /** |S ∩ label C ∩ prediction C| */
  hit: number;
  /** The human sums over S ∩ label C ∩ H. */
  humanN: number;
  humanSum: number;
  humanSumSq: number;
}

/** The paired counts of one slice: the model (A) against another run's predictions (B). */
export interface RunPairSums {
  sliceId: string;
  run: string;
  both: number;
  aOnly: number;
  bOnly: number;
  neither: number;
}

/** Another run summarized beside the model: its name and the source column of its predictions. */
export interface OtherRunColumn {
  name: string;
  column: string;
}

export interface SummaryStats {
  rows: number;
  binaryCorrect: boolean;
  binaryHuman: boolean;
  humanSource: string | null;
  /** 'overall' first, then metadata, class and rule slices in the native index's order. */
  slices: SliceSums[];
  /** Per slice and class, where the slice has a member labelled or predicted so (binary runs). */
  classes: ClassSums[];
  /** Per slice and other run (binary runs). */
  pairs: RunPairSums[];
}

export interface SavedRule {
  name: string;
  expression: string;
  id: number;
}

/** A slice as a condition over the derived row `t`. */
interface SliceCond {
  id: string;
  kind: SliceKind | 'overall';
  name: string;
  where: string;
  /** The condition's bound values, in placeholder order. */
  params: SqlValue[];
  /** Slices of one column (its values, bins, or the classes) are disjoint: never counted. */
  column?: string;
}

const META_ROLES = new Set(['metadata', 'categorical', 'numeric', 'text', 'human_signal']);
const INFERRED_ROLES = new Set(['metadata', 'human_signal']);

const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * Computes the statistics of every slice in the engine: a profile query (types and distinct
 * counts of the metadata columns), the distinct values and exact quantile edges, then one
 * aggregate query over all slices. Slices, bins and rules are the native index's
 * (analysis-index.ts, slice-defs.ts), so the two reports name and count the same slices.
 */
export async function computeSummary(
  engine: SqlEngine,
  plans: readonly ColumnPlan[],
  rules: readonly SavedRule[],
  binCounts: ReadonlyMap<string, number> = new Map(),
  otherRuns: readonly OtherRunColumn[] = [],
): Promise<SummaryStats> {
  const col = (p: ColumnPlan) => engine.ident(p.name);
  const one = (role: string) => plans.find((p) => p.role === role);
  const idPlan = one('id') as ColumnPlan;
  const labelPlan = one('label') as ColumnPlan;
  const predPlan = one('prediction');
  const scorePlan = one('score');
  const confPlan = one('confidence');
  const inputPlan = one('input');
  if (!predPlan && !scorePlan) {
    throw new HeadroomError(
      'BAD_MAPPING',
      'summarize needs a prediction (or score) column: a summary is the statistics of a run.',
    );
  }
  const humans = humanParts(plans);
  if (humans.labels.length > 0 && humans.votes.length === 0 && !humans.agreement) {
    throw new HeadroomError(
      'BAD_MAPPING',
      `summarize reads human votes (human_votes_<class>) or an agreement column; per-annotator label columns (${humans.labels.map((p) => quote(p.name)).join(', ')}) are not summarized yet.`,
    );
  }
  const text = (p: ColumnPlan) => engine.text(col(p));
  const num = (p: ColumnPlan) => engine.number(col(p));
  // Rows the importer would reject for a missing id, label or prediction are skipped.
  const required = [idPlan, labelPlan, ...(predPlan ? [predPlan] : [])];
  const base = `FROM ${engine.from} WHERE ${required.map((p) => `${text(p)} IS NOT NULL`).join(' AND ')}`;

  // 1. Profile of the metadata columns: the importer's types and kinds (write-examples.ts).
  const meta = plans.filter((p) => META_ROLES.has(p.role));
  const profile =
    meta.length === 0
      ? {}
      : ((
          await engine.query(
            `SELECT ${meta
              .map(
                (p, i) =>
                  `count(${text(p)}) AS c${i}, sum(CASE WHEN ${engine.isNumber(text(p))} THEN 1 ELSE 0 END) AS k${i}, count(DISTINCT ${text(p)}) AS d${i}`,
              )
              .join(', ')} ${base}`,
            [],
          )
        )[0] ?? {});
  const metaCols = meta.map((p, i) => {
    const present = Number(profile[`c${i}`] ?? 0);
    const numeric = Number(profile[`k${i}`] ?? 0);
    const distinct = Number(profile[`d${i}`] ?? 0);
    const type: 'number' | 'string' =
      p.role === 'numeric'
        ? 'number'
        : INFERRED_ROLES.has(p.role) && present > 0 && numeric === present
          ? 'number'
          : 'string';
    const kind = INFERRED_ROLES.has(p.role)
      ? type === 'number'
        ? 'numeric'
        : distinct <= MAX_CATEGORIES
          ? 'categorical'
          : 'text'
      : p.role;
    return { plan: p, type, kind, present, sql: type === 'number' ? num(p) : text(p) };
  });

  // 2. The derived row: correctness, human agreement, and every column a slice or rule reads.
  const labels = (await engine.query(`SELECT DISTINCT ${text(labelPlan)} AS v ${base}`, []))
    .map((r) => String(r.v))
    .sort(byText);
  const derivedParams: SqlValue[] = [];
  const bind = (v: SqlValue, into: SqlValue[]) => engine.rules.value(v, into);
  const binaryCorrect = !scorePlan;
  const equal = predPlan ? `(${text(predPlan)} = ${text(labelPlan)})` : '(1 = 0)';
  const correct = binaryCorrect
    ? `CASE WHEN ${equal} THEN 1 ELSE 0 END`
    : `CASE WHEN ${num(scorePlan as ColumnPlan)} IS NULL THEN (CASE WHEN ${equal} THEN 1 ELSE 0 END) ELSE least(1, greatest(0, ${num(scorePlan as ColumnPlan)})) END`;
  let human = 'NULL';
  if (humans.votes.length > 0) {
    const votes = humans.votes.map((p) => `coalesce(${num(p)}, 0)`);
    const total = `(${votes.join(' + ')})`;
    const forLabel = labels
      .map((l) => ({ l, k: humans.voteIndex.get(normalizeClassName(l)) }))
      .filter((x) => x.k !== undefined)
      .map(
        (x) => `WHEN ${text(labelPlan)} = ${bind(x.l, derivedParams)} THEN ${votes[x.k as number]}`,
      );
    const share = forLabel.length === 0 ? '0' : `(CASE ${forLabel.join(' ')} ELSE 0 END)`;
    human = `(CASE WHEN ${total} > 0 THEN ${share} / ${total} END)`;
  }
  if (humans.agreement) human = `coalesce(${num(humans.agreement)}, ${human})`;
  const derived: string[] = [
    `${text(labelPlan)} AS label`,
    `${correct} AS correct`,
    `${human} AS human`,
    `${text(idPlan)} AS id`,
    `${inputPlan ? text(inputPlan) : 'NULL'} AS input`,
    `${predPlan ? text(predPlan) : 'NULL'} AS prediction`,
    `${confPlan ? num(confPlan) : 'NULL'} AS confidence`,
    `${scorePlan ? num(scorePlan) : 'NULL'} AS score`,
    `${binaryCorrect ? `CASE WHEN ${equal} THEN 1 ELSE 0 END` : correct} AS is_correct`,
    ...metaCols.map((m, i) => `${m.sql} AS m${i}`),
    // Another run's prediction, as the importer reads a run's: text, NULL when empty.
    ...otherRuns.map((o, j) => `${engine.text(engine.ident(o.column))} AS o${j}`),
  ];
  const rows = `(SELECT ${derived.join(', ')} ${base}) t`;

  // A bin count for a column that is not numeric is refused as slices.bins refuses it.
  const numericNames = metaCols
    .filter((m) => m.kind === 'numeric' && m.plan.role !== 'human_signal')
    .map((m) => m.plan.name);
  for (const column of binCounts.keys()) {
    if (!numericNames.includes(column)) {
      throw new HeadroomError(
        'INVALID_INPUT',
        `--bins ${quote(column)}: not a numeric column of the source; bins apply to numeric columns (${numericNames.length === 0 ? 'the source has none' : numericNames.map(quote).join(', ')}).`,
      );
    }
  }

  // 3. Slices: categorical values, numeric values or quantile bins, classes, rules.
  const conds: SliceCond[] = [
    { id: 'overall', kind: 'overall', name: 'all examples', where: '', params: [] },
  ];
  for (const [i, m] of metaCols.entries()) {
    if (m.plan.role === 'human_signal') continue;
    const name = m.plan.name;
    if (m.kind === 'categorical') {
      const values = (
        await engine.query(
          `SELECT DISTINCT m${i} AS v FROM ${rows} WHERE m${i} IS NOT NULL`,
          derivedParams,
        )
      )
        .map((r) => String(r.v))
        .sort(byText);
      for (const v of values) {
        const ps: SqlValue[] = [];
        const where = `m${i} = ${bind(v, ps)}`;
        conds.push({
          id: `meta:${name}=${v}`,
          kind: 'metadata',
          name: `${name} = ${v}`,
          where,
          params: ps,
          column: name,
        });
      }
    } else if (m.kind === 'numeric') {
      conds.push(
        ...(await numericConds(
          engine,
          rows,
          derivedParams,
          { col: `m${i}`, name, bins: binCounts.get(name) ?? MAX_BINS },
          m.present,
          bind,
        )),
      );
    }
  }
  for (const l of labels) {
    const ps: SqlValue[] = [];
    const where = `label = ${bind(l, ps)}`;
    conds.push({
      id: `class:${l}`,
      kind: 'class',
      name: `label = ${l}`,
      where,
      params: ps,
      column: '\u0000label',
    });
  }
  const ruleCols = new Map<string, RuleColumn>([
    ['id', { sql: 'id', type: 'string' }],
    ['label', { sql: 'label', type: 'string' }],
    ['input', { sql: 'input', type: 'string' }],
    ['prediction', { sql: 'prediction', type: 'string' }],
    ['confidence', { sql: 'confidence', type: 'number' }],
    ['score', { sql: 'score', type: 'number' }],
    ['correct', { sql: 'is_correct', type: 'number' }],
  ]);
  metaCols.forEach((m, i) => ruleCols.set(m.plan.name, { sql: `m${i}`, type: m.type }));
  for (const r of rules) {
    let compiled;
    try {
      compiled = compileRule(parseRule(r.expression), ruleCols, engine.rules);
    } catch (e) {
      if (e instanceof RuleError)
        throw new HeadroomError('INVALID_INPUT', `rule ${quote(r.name)}: ${e.message}`);
      throw e;
    }
    conds.push({
      id: `rule:${r.id}`,
      kind: 'rule',
      name: r.name,
      where: compiled.where,
      params: compiled.params,
    });
  }

  // 4. One aggregate query: six sums per slice, parameters in the order they appear.
  const aggParams: SqlValue[] = [];
  const sums: string[] = [];
  conds.forEach((c, k) => {
    const inSlice = c.where === '' ? '(1 = 1)' : `(${c.where})`;
    const when = (extra: string) => {
      aggParams.push(...c.params);
      return `CASE WHEN ${inSlice}${extra} THEN`;
    };
    sums.push(
      `sum(${when('')} 1 ELSE 0 END) AS n${k}`,
      `sum(${when('')} correct ELSE 0 END) AS cs${k}`,
      `sum(${when('')} correct * correct ELSE 0 END) AS cq${k}`,
      `sum(${when(' AND human IS NOT NULL')} 1 ELSE 0 END) AS hn${k}`,
      `sum(${when(' AND human IS NOT NULL')} human ELSE 0 END) AS hs${k}`,
      `sum(${when(' AND human IS NOT NULL')} human * human ELSE 0 END) AS hq${k}`,
    );
  });
  // Paired with each other run on the members both predicted (binary runs; compare-runs.ts).
  if (binaryCorrect) {
    conds.forEach((c, k) => {
      const inSlice = c.where === '' ? '(1 = 1)' : `(${c.where})`;
      otherRuns.forEach((_o, j) => {
        const cell = (a: 0 | 1, b: '=' | '<>', as: string) => {
          aggParams.push(...c.params);
          sums.push(
            `sum(CASE WHEN ${inSlice} AND o${j} IS NOT NULL AND correct = ${a} AND o${j} ${b} label THEN 1 ELSE 0 END) AS ${as}${j}_${k}`,
          );
        };
        cell(1, '=', 'pb');
        cell(1, '<>', 'pa');
        cell(0, '=', 'pc');
        cell(0, '<>', 'pn');
      });
    });
  }
  sums.push(
    'sum(CASE WHEN human IS NOT NULL AND human <> 0 AND human <> 1 THEN 1 ELSE 0 END) AS graded_human',
  );
  const agg =
    (
      await engine.query(
        `SELECT ${sums.join(', ')} FROM ${rows}`, // placeholders in text order: the SELECT list's, then the derived row's in FROM
        [...aggParams, ...derivedParams],
      )
    )[0] ?? {};
  const get = (key: string) => Number(agg[key] ?? 0);
  const slices = conds.map((c, k): SliceSums => ({
    id: c.id,
    kind: c.kind,
    name: c.name,
    // Every counted row is in the run (a row without a prediction is skipped).
    size: get(`n${k}`),
    n: get(`n${k}`),
    correctSum: get(`cs${k}`),
    correctSumSq: get(`cq${k}`),
    humanN: get(`hn${k}`),
    humanSum: get(`hs${k}`),
    humanSumSq: get(`hq${k}`),
    repeats: null,
    majorityCount: 0,
  }));
  const { majority, classes } = await classCounts(
    engine,
    rows,
    derivedParams,
    conds,
    binaryCorrect && predPlan !== undefined,
  );
  // A class slice holds one label: its majority is all of it.
  for (const sl of slices)
    sl.majorityCount = sl.kind === 'class' ? sl.n : (majority.get(sl.id) ?? 0);
  const repeats = await findSummaryRepeats(engine, rows, derivedParams, conds, slices);
  for (const sl of slices) sl.repeats = repeats.get(sl.id) ?? null;
  const pairs: RunPairSums[] = binaryCorrect
    ? conds.flatMap((c, k) =>
        otherRuns.map((o, j) => ({
          sliceId: c.id,
          run: o.name,
          both: get(`pb${j}_${k}`),
          aOnly: get(`pa${j}_${k}`),
          bOnly: get(`pc${j}_${k}`),
          neither: get(`pn${j}_${k}`),
        })),
      )
    : [];
  const hasHumans = humans.votes.length > 0 || humans.agreement !== undefined;
  return {
    rows: slices[0]?.n ?? 0,
    binaryCorrect,
    binaryHuman: hasHumans ? get('graded_human') === 0 : false,
    humanSource: hasHumans ? `humans (${humanKind(humans)})` : null,
    slices,
    classes,
    pairs,
  };
}

/**
 * Per-label counts of every slice but the classes, in one query grouped by label (rows: the
 * labels; columns: the slices): the majority count (the most frequent label's) and, for a binary
 * run with predictions, the per-class counts of recall and precision (ClassSums): |S ∩ label C|,
 * the hits and the human sums from it, |S ∩ prediction C| from one more query grouped by
 * prediction. A class slice L holds label L only: its counts are the overall ones of L, and its
 * predicted counts a row of the confusion matrix (one query grouped by label and prediction).
 */
async function classCounts(
  engine: SqlEngine,
  rows: string,
  derivedParams: SqlValue[],
  conds: readonly SliceCond[],
  perClass: boolean,
): Promise<{ majority: Map<string, number>; classes: ClassSums[] }> {
  const counted = conds.filter((c) => c.kind !== 'class');
  const params: SqlValue[] = [];
  const sums: string[] = [];
  counted.forEach((c, k) => {
    const inSlice = c.where === '' ? '(1 = 1)' : `(${c.where})`;
    const sum = (extra: string, value: string, as: string) => {
      params.push(...c.params);
      sums.push(`sum(CASE WHEN ${inSlice}${extra} THEN ${value} ELSE 0 END) AS ${as}${k}`);
    };
    sum('', '1', 'x');
    if (!perClass) return;
    sum('', 'correct', 't');
    sum(' AND human IS NOT NULL', '1', 'hn');
    sum(' AND human IS NOT NULL', 'human', 'hs');
    sum(' AND human IS NOT NULL', 'human * human', 'hq');
  });
  const byLabel = await engine.query(
    `SELECT label AS v, ${sums.join(', ')} FROM ${rows} GROUP BY label`,
    [...params, ...derivedParams],
  );
  const majority = new Map<string, number>();
  counted.forEach((c, k) => {
    let m = 0;
    for (const r of byLabel) m = Math.max(m, Number(r[`x${k}`] ?? 0));
    majority.set(c.id, m);
  });
  if (!perClass) return { majority, classes: [] };

  const predParams: SqlValue[] = [];
  const predSums = counted.map((c, k) => {
    predParams.push(...c.params);
    return `sum(CASE WHEN ${c.where === '' ? '(1 = 1)' : `(${c.where})`} THEN 1 ELSE 0 END) AS p${k}`;
  });
  const byPrediction = await engine.query(
    `SELECT prediction AS v, ${predSums.join(', ')} FROM ${rows} GROUP BY prediction`,
    [...predParams, ...derivedParams],
  );
  const confusion = await engine.query(
    `SELECT label AS v, prediction AS v2, count(*) AS n FROM ${rows} GROUP BY label, prediction`,
    derivedParams,
  );
  // Keyed by slice id and class: a Map of Maps (labels are user text).
  const out = new Map<string, Map<string, ClassSums>>();
  const cell = (sliceId: string, cls: string): ClassSums => {
    let bySlice = out.get(sliceId);
    if (!bySlice) out.set(sliceId, (bySlice = new Map()));
    let c = bySlice.get(cls);
    if (!c) {
      c = {
        sliceId,
        cls,
        labelled: 0,
        predicted: 0,
        hit: 0,
        humanN: 0,
        humanSum: 0,
        humanSumSq: 0,
      };
      bySlice.set(cls, c);
    }
    return c;
  };
  counted.forEach((c, k) => {
    for (const r of byLabel) {
      const labelled = Number(r[`x${k}`] ?? 0);
      if (labelled === 0) continue;
      const s = cell(c.id, String(r.v));
      s.labelled = labelled;
      s.hit = Number(r[`t${k}`] ?? 0);
      s.humanN = Number(r[`hn${k}`] ?? 0);
      s.humanSum = Number(r[`hs${k}`] ?? 0);
      s.humanSumSq = Number(r[`hq${k}`] ?? 0);
    }
    for (const r of byPrediction) {
      const predicted = Number(r[`p${k}`] ?? 0);
      if (predicted > 0) cell(c.id, String(r.v)).predicted = predicted;
    }
  });
  const overall = out.get('overall') ?? new Map<string, ClassSums>();
  // The confusion matrix by given label: row L is class slice L's predicted counts.
  const rowsOf = new Map<string, Record<string, unknown>[]>();
  for (const r of confusion) {
    const label = String(r.v);
    const list = rowsOf.get(label);
    if (list) list.push(r);
    else rowsOf.set(label, [r]);
  }
  for (const c of conds) {
    if (c.kind !== 'class') continue;
    const label = c.id.slice('class:'.length);
    const own = overall.get(label);
    if (own) Object.assign(cell(c.id, label), { ...own, sliceId: c.id, predicted: 0 });
    for (const r of rowsOf.get(label) ?? []) cell(c.id, String(r.v2)).predicted = Number(r.n ?? 0);
  }
  return { majority, classes: [...out.values()].flatMap((m) => [...m.values()]) };
}

/**
 * The slices that repeat another, as report.ts finds them on the native index: the candidate
 * pairs (sizes within the Jaccard window) get their intersection counted in one more query.
 */
async function findSummaryRepeats(
  engine: SqlEngine,
  rows: string,
  derivedParams: SqlValue[],
  conds: readonly SliceCond[],
  slices: readonly SliceSums[],
): Promise<Map<string, string>> {
  const total = slices[0]?.n ?? 0;
  const condOf = new Map(conds.map((c) => [c.id, c]));
  const kept = slices
    .filter((s) => s.kind !== 'overall' && s.size > 0 && !isRedundant(s.n, total))
    .map((s) => ({ id: s.id, kind: s.kind as SliceKind, size: s.size }));
  const pairs = repeatCandidates(kept).filter(([a, b]) => {
    const col = condOf.get(a.id)?.column;
    return col === undefined || col !== condOf.get(b.id)?.column;
  });
  if (pairs.length === 0) return new Map();
  const params: SqlValue[] = [];
  const sums = pairs.map(([a, b], k) => {
    const ca = condOf.get(a.id) as SliceCond;
    const cb = condOf.get(b.id) as SliceCond;
    params.push(...ca.params, ...cb.params);
    return `sum(CASE WHEN (${ca.where}) AND (${cb.where}) THEN 1 ELSE 0 END) AS j${k}`;
  });
  const row =
    (
      await engine.query(`SELECT ${sums.join(', ')} FROM ${rows}`, [...params, ...derivedParams])
    )[0] ?? {};
  const both = new Map(
    pairs.map(([a, b], k) => [`${a.id}\u0000${b.id}`, Number(row[`j${k}`] ?? 0)]),
  );
  return findRepeatsBy(kept, (a, b) => both.get(`${a.id}\u0000${b.id}`) ?? 0);
}

/**
 * The native engine's numeric slices (slice-defs.ts numericSlices): one per value when the column
 * has at most MAX_EXACT_NUMERIC_VALUES distinct values, else B bins (the project's count for the
 * column, MAX_BINS by default) with edges at the order statistics floor(k·N/B) of the N present
 * values, each read exactly with ORDER BY … LIMIT 1 OFFSET r (no approximate quantile), merged
 * where equal; the last bin is closed at the maximum.
 */
async function numericConds(
  engine: SqlEngine,
  rows: string,
  params: SqlValue[],
  { col, name, bins }: { col: string; name: string; bins: number },
  present: number,
  bind: (v: SqlValue, into: SqlValue[]) => string,
): Promise<SliceCond[]> {
  if (present === 0) return [];
  const few = (
    await engine.query(
      `SELECT DISTINCT ${col} AS v FROM ${rows} WHERE ${col} IS NOT NULL ORDER BY v LIMIT ${MAX_EXACT_NUMERIC_VALUES + 1}`,
      params,
    )
  ).map((r) => Number(r.v));
  if (few.length <= MAX_EXACT_NUMERIC_VALUES) {
    return few.map((d) => {
      const ps: SqlValue[] = [];
      const where = `${col} = ${bind(d, ps)}`;
      return {
        id: `meta:${name}=${d}`,
        kind: 'metadata',
        name: `${name} = ${formatEdge(d)}`,
        where,
        params: ps,
        column: name,
      };
    });
  }
  const at = async (r: number) =>
    Number(
      (
        await engine.query(
          `SELECT ${col} AS v FROM ${rows} WHERE ${col} IS NOT NULL ORDER BY v LIMIT 1 OFFSET ${r}`,
          params,
        )
      )[0]?.v,
    );
  const edges: number[] = [];
  for (let k = 0; k < bins; k++) {
    const q = await at(Math.floor((k * present) / bins));
    if (edges.length === 0 || q > (edges[edges.length - 1] as number)) edges.push(q);
  }
  const max = await at(present - 1);
  return edges.map((lo, k): SliceCond => {
    const last = k === edges.length - 1;
    const hi = last ? max : (edges[k + 1] as number);
    const ps: SqlValue[] = [];
    const where = last
      ? `${col} >= ${bind(lo, ps)}`
      : `(${col} >= ${bind(lo, ps)} AND ${col} < ${bind(hi, ps)})`;
    return {
      id: `meta:${name}:bin${k}`,
      kind: 'metadata',
      name: `${name} in [${formatEdge(lo)}, ${formatEdge(hi)}${last ? ']' : ')'}`,
      where,
      params: ps,
      column: name,
    };
  });
}
