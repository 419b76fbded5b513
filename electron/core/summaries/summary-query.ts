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
 * Computes the statistics of every slice in the engine (docs/summaries.md, "How the sums are
 * computed"): a profile query (types and distinct counts of the metadata columns), the labels,
 * then per slice column (a categorical column, a numeric one by value or by bin, the classes) one
 * query grouped by its key and label (and one by key and prediction for the per-class counts):
 * every slice of the column at once. Rules keep conditional sums. Slices, bins and rules are the
 * native index's (analysis-index.ts, slice-defs.ts), so the two reports name and count the same
 * slices.
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
                  `count(${text(p)}) AS c${i}, sum(CASE WHEN ${engine.isNumber(text(p))} THEN 1 ELSE 0 END) AS k${i}, count(DISTINCT ${text(p)}) AS d${i}, count(${num(p)}) AS r${i}`,
              )
              .join(', ')} ${base}`,
            [],
          )
        )[0] ?? {});
  const metaCols = meta.map((p, i) => {
    const present = Number(profile[`c${i}`] ?? 0);
    const numeric = Number(profile[`k${i}`] ?? 0);
    const distinct = Number(profile[`d${i}`] ?? 0);
    // The values read as numbers (the order statistics' count when the column is a number).
    const numbers = Number(profile[`r${i}`] ?? 0);
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
    return { plan: p, type, kind, numbers, sql: type === 'number' ? num(p) : text(p) };
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
  const derived = new Map<string, string>([
    ['label', text(labelPlan)],
    ['correct', correct],
    ['human', human],
    ['id', text(idPlan)],
    ['input', inputPlan ? text(inputPlan) : 'NULL'],
    ['prediction', predPlan ? text(predPlan) : 'NULL'],
    ['confidence', confPlan ? num(confPlan) : 'NULL'],
    ['score', scorePlan ? num(scorePlan) : 'NULL'],
    ['is_correct', binaryCorrect ? `CASE WHEN ${equal} THEN 1 ELSE 0 END` : correct],
    ...metaCols.map((m, i): [string, string] => [`m${i}`, m.sql]),
    // Another run's prediction, as the importer reads a run's: text, NULL when empty.
    ...otherRuns.map((o, j): [string, string] => [`o${j}`, engine.text(engine.ident(o.column))]),
  ]);
  const rows = `(SELECT ${[...derived].map(([name, sql]) => `${sql} AS ${name}`).join(', ')} ${base}) t`;
  // ClickHouse (no bound values) reads the source itself, the derived columns written inline:
  // through a Distributed table 18.16 then aggregates on each shard, where it aggregates a
  // subquery's rows on the node that got the query. Every query that scans the rows (the grouped
  // scans, the rules' and the repeats' conditional sums, the order statistics) and every slice's
  // condition read a derived column through `at`.
  const inline = engine.name === 'clickhouse';
  const at = (name: string): string => (inline ? `(${derived.get(name) as string})` : name);

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

  // The rules, compiled first: a rule the engine cannot run is refused before any scan.
  const ruleCols = new Map<string, RuleColumn>([
    ['id', { sql: at('id'), type: 'string' }],
    ['label', { sql: at('label'), type: 'string' }],
    ['input', { sql: at('input'), type: 'string' }],
    ['prediction', { sql: at('prediction'), type: 'string' }],
    ['confidence', { sql: at('confidence'), type: 'number' }],
    ['score', { sql: at('score'), type: 'number' }],
    ['correct', { sql: at('is_correct'), type: 'number' }],
  ]);
  metaCols.forEach((m, i) => ruleCols.set(m.plan.name, { sql: at(`m${i}`), type: m.type }));
  const ruleConds = rules.map((r): SliceCond => {
    let compiled;
    try {
      compiled = compileRule(parseRule(r.expression), ruleCols, engine.rules);
    } catch (e) {
      if (e instanceof RuleError)
        throw new HeadroomError('INVALID_INPUT', `rule ${quote(r.name)}: ${e.message}`);
      throw e;
    }
    return {
      id: `rule:${r.id}`,
      kind: 'rule',
      name: r.name,
      where: compiled.where,
      params: compiled.params,
    };
  });

  // 3. Slices, each column's from one grouped query (docs/summaries.md): categorical values,
  // numeric values or quantile bins, classes; then the rules, whose conditions are arbitrary,
  // from conditional sums.
  if (inline) {
    // Written inline, a source column named as one of the scans' aliases would read the alias.
    const clash = [...plans.map((p) => p.name), ...otherRuns.map((o) => o.column)].find((c) =>
      c.endsWith(GROUPED),
    );
    if (clash !== undefined) {
      throw new HeadroomError(
        'BAD_MAPPING',
        `column ${quote(clash)}: on ClickHouse, names ending in "${GROUPED}" are kept for the grouped scans' results; give the column another name in a view and summarize the view.`,
      );
    }
  }
  const ctx: GroupContext = {
    engine,
    derivedParams,
    grouped: inline
      ? { from: base, where: (cond) => `${base} AND (${cond})`, col: at }
      : { from: `FROM ${rows}`, where: (cond) => `FROM ${rows} WHERE ${cond}`, col: at },
    runs: binaryCorrect ? otherRuns.length : 0,
    perClass: binaryCorrect && predPlan !== undefined,
  };
  const metaSlices: SliceRows[] = [];
  for (const [i, m] of metaCols.entries()) {
    if (m.plan.role === 'human_signal') continue;
    const name = m.plan.name;
    if (m.kind === 'categorical') {
      const { groups } = await groupedSums(ctx, ctx.grouped.col(`m${i}`), []);
      for (const v of [...groups.keys()].sort(byText)) {
        const ps: SqlValue[] = [];
        const cond: SliceCond = {
          id: `meta:${name}=${v}`,
          kind: 'metadata',
          name: `${name} = ${v}`,
          where: `${at(`m${i}`)} = ${bind(v, ps)}`,
          params: ps,
          column: name,
        };
        metaSlices.push({ cond, ...(groups.get(v) as GroupRows) });
      }
    } else if (m.kind === 'numeric') {
      metaSlices.push(
        ...(await numericSlices(
          ctx,
          { col: `m${i}`, name, bins: binCounts.get(name) ?? MAX_BINS },
          m.numbers,
          bind,
        )),
      );
    }
  }
  // The classes: grouped by label (and by label and prediction: the confusion matrix).
  const byClass = await groupedSums(ctx, ctx.grouped.col('label'), [], true);
  const classSlices = labels.map((l): SliceRows => {
    const ps: SqlValue[] = [];
    const cond: SliceCond = {
      id: `class:${l}`,
      kind: 'class',
      name: `label = ${l}`,
      where: `${at('label')} = ${bind(l, ps)}`,
      params: ps,
      column: '\u0000label',
    };
    return { cond, ...(byClass.groups.get(l) ?? emptyGroup()) };
  });
  // All examples: the classes' groups together (each label's rows are one class's).
  const overall: SliceRows = {
    cond: { id: 'overall', kind: 'overall', name: 'all examples', where: '', params: [] },
    ...emptyGroup(),
  };
  for (const c of classSlices) {
    for (const [l, s] of c.byLabel) overall.byLabel.set(l, s);
    for (const [p, x] of c.byPrediction)
      overall.byPrediction.set(p, (overall.byPrediction.get(p) ?? 0) + x);
  }
  const all = [overall, ...metaSlices, ...classSlices, ...(await ruleSums(ctx, ruleConds))];

  // 4. Each slice's statistics: the sums of its labels' groups, added in label order.
  const totals = all.map((s) => total(s, labels, ctx.runs));
  const slices = all.map(({ cond: c, byLabel }, k): SliceSums => {
    const t = totals[k] as Sums;
    let majority = 0;
    for (const s of byLabel.values()) majority = Math.max(majority, s.n);
    return {
      id: c.id,
      kind: c.kind,
      name: c.name,
      // Every counted row is in the run (a row without a prediction is skipped).
      size: t.n,
      n: t.n,
      correctSum: t.cs,
      correctSumSq: t.cq,
      humanN: t.hn,
      humanSum: t.hs,
      humanSumSq: t.hq,
      repeats: null,
      // A class slice holds one label: its majority is all of it.
      majorityCount: c.kind === 'class' ? t.n : majority,
    };
  });
  const repeats = await findSummaryRepeats(ctx, all, slices);
  for (const sl of slices) sl.repeats = repeats.get(sl.id) ?? null;
  const pairs: RunPairSums[] = all.flatMap(({ cond }, k) =>
    otherRuns.slice(0, ctx.runs).map((o, j) => {
      const p = (totals[k] as Sums).pairs;
      return {
        sliceId: cond.id,
        run: o.name,
        both: p[4 * j] ?? 0,
        aOnly: p[4 * j + 1] ?? 0,
        bOnly: p[4 * j + 2] ?? 0,
        neither: p[4 * j + 3] ?? 0,
      };
    }),
  );
  const hasHumans = humans.votes.length > 0 || humans.agreement !== undefined;
  return {
    rows: slices[0]?.n ?? 0,
    binaryCorrect,
    binaryHuman: hasHumans ? byClass.gradedHuman === 0 : false,
    humanSource: hasHumans ? `humans (${humanKind(humans)})` : null,
    slices,
    classes: ctx.perClass ? all.flatMap(classSums) : [],
    pairs,
  };
}

/** What the scans read: the engine, the derived row's bound values and how to read it. */
interface GroupContext {
  engine: SqlEngine;
  derivedParams: SqlValue[];
  /** Other runs paired with the model (binary runs only; else 0). */
  runs: number;
  /** Per-class counts are kept (a binary run with predictions): the rows by prediction too. */
  perClass: boolean;
  /**
   * What the scans read: the FROM clause (with its WHERE), the same with one more condition
   * (`where`), and a derived column by name: the column of `rows`, or its expression over the
   * source written inline (ClickHouse). Their result aliases end in GROUPED.
   */
  grouped: { from: string; where: (cond: string) => string; col: (name: string) => string };
}

/**
 * The sums of some rows (a slice's, or a slice's rows of one label); `pairs` holds, per other
 * run, both, A only, B only and neither.
 */
interface Sums {
  n: number;
  cs: number;
  cq: number;
  hn: number;
  hs: number;
  hq: number;
  pairs: number[];
}

/** A slice's rows by label (the sums) and by prediction (the count; per-class runs only). */
interface GroupRows {
  byLabel: Map<string, Sums>;
  byPrediction: Map<string, number>;
}

interface SliceRows extends GroupRows {
  cond: SliceCond;
}

const emptyGroup = (): GroupRows => ({ byLabel: new Map(), byPrediction: new Map() });

/**
 * The aggregates of Sums over the derived row, named with `suffix`: over every row of the group
 * when `when` is '', else over the rows where it holds (a rule's condition, whose values are
 * pushed to `into` at each use, in text order).
 */
function sumsSql(
  runs: number,
  when: string,
  whenParams: readonly SqlValue[],
  into: SqlValue[],
  suffix: string,
  col: (name: string) => string = (name) => name,
): string[] {
  const out: string[] = [];
  const [correct, human, label] = [col('correct'), col('human'), col('label')];
  const sum = (extra: string, value: string, as: string) => {
    const cond = [when === '' ? '' : `(${when})`, extra].filter((x) => x !== '').join(' AND ');
    if (when !== '') into.push(...whenParams);
    out.push(
      `sum(${cond === '' ? value : `CASE WHEN ${cond} THEN ${value} ELSE 0 END`}) AS ${as}${suffix}`,
    );
  };
  sum('', '1', 'n');
  sum('', correct, 'cs');
  sum('', `${correct} * ${correct}`, 'cq');
  sum(`${human} IS NOT NULL`, '1', 'hn');
  sum(`${human} IS NOT NULL`, human, 'hs');
  sum(`${human} IS NOT NULL`, `${human} * ${human}`, 'hq');
  // Paired with each other run on the members both predicted (compare-runs.ts).
  for (let j = 0; j < runs; j++) {
    const other = col(`o${j}`);
    const cell = (a: 0 | 1, b: '=' | '<>', as: string) =>
      sum(
        `${other} IS NOT NULL AND ${correct} = ${a} AND ${other} ${b} ${label}`,
        '1',
        `${as}${j}_`,
      );
    cell(1, '=', 'pb');
    cell(1, '<>', 'pa');
    cell(0, '=', 'pc');
    cell(0, '<>', 'pn');
  }
  return out;
}

function readSums(row: Record<string, unknown>, suffix: string, runs: number): Sums {
  const get = (key: string) => Number(row[`${key}${suffix}`] ?? 0);
  const pairs: number[] = [];
  for (let j = 0; j < runs; j++)
    pairs.push(get(`pb${j}_`), get(`pa${j}_`), get(`pc${j}_`), get(`pn${j}_`));
  return {
    n: get('n'),
    cs: get('cs'),
    cq: get('cq'),
    hn: get('hn'),
    hs: get('hs'),
    hq: get('hq'),
    pairs,
  };
}

/** A slice's sums: its labels' groups added in label order (integer sums stay exact). */
function total(s: GroupRows, labels: readonly string[], runs: number): Sums {
  const t: Sums = {
    n: 0,
    cs: 0,
    cq: 0,
    hn: 0,
    hs: 0,
    hq: 0,
    pairs: new Array<number>(4 * runs).fill(0),
  };
  for (const l of labels) {
    const g = s.byLabel.get(l);
    if (!g) continue;
    t.n += g.n;
    t.cs += g.cs;
    t.cq += g.cq;
    t.hn += g.hn;
    t.hs += g.hs;
    t.hq += g.hq;
    g.pairs.forEach((x, i) => (t.pairs[i] = (t.pairs[i] ?? 0) + x));
  }
  return t;
}

/** The suffix of the grouped scans' aliases (`v__g`, `n__g`, …): a source column ending so is refused. */
const GROUPED = '__g';

/**
 * One slice column's rows grouped by its key (`key`: a derived column as `ctx.grouped.col` writes
 * it, or the bin expression over it, with its bound values) and label, with every sum of every slice of the column in
 * one scan; and, for the per-class counts, grouped by key and prediction. NULL keys are in no
 * slice. `gradedHuman` (asked with `graded`): the rows whose human agreement is neither 0 nor 1.
 */
async function groupedSums(
  ctx: GroupContext,
  key: string,
  keyParams: readonly SqlValue[],
  graded = false,
): Promise<{ groups: Map<string, GroupRows>; gradedHuman: number }> {
  const { engine, derivedParams, runs } = ctx;
  const { from, col } = ctx.grouped;
  // Every alias ends in GROUPED: written inline, a source column named as an alias would read it.
  const aggs = sumsSql(runs, '', [], [], GROUPED, col);
  const human = col('human');
  if (graded)
    aggs.push(
      `sum(CASE WHEN ${human} IS NOT NULL AND ${human} <> 0 AND ${human} <> 1 THEN 1 ELSE 0 END) AS graded${GROUPED}`,
    );
  // Placeholders in text order: the key's in the SELECT list, then the derived row's in FROM
  // (none inline: only ClickHouse, whose values are literals, writes the derived columns inline).
  const params = [...keyParams, ...derivedParams];
  const [v, v2] = [`v${GROUPED}`, `v2${GROUPED}`];
  const groups = new Map<string, GroupRows>();
  const group = (v: unknown) => {
    const k = String(v);
    let g = groups.get(k);
    if (!g) groups.set(k, (g = emptyGroup()));
    return g;
  };
  let gradedHuman = 0;
  const byLabel = await engine.query(
    `SELECT ${key} AS ${v}, ${col('label')} AS ${v2}, ${aggs.join(', ')} ${from} GROUP BY ${v}, ${v2}`,
    params,
  );
  for (const r of byLabel) {
    gradedHuman += Number(r[`graded${GROUPED}`] ?? 0);
    if (r[v] === null || r[v] === undefined) continue;
    group(r[v]).byLabel.set(String(r[v2]), readSums(r, GROUPED, runs));
  }
  if (ctx.perClass) {
    const byPrediction = await engine.query(
      `SELECT ${key} AS ${v}, ${col('prediction')} AS ${v2}, count(*) AS n${GROUPED} ${from} GROUP BY ${v}, ${v2}`,
      params,
    );
    for (const r of byPrediction) {
      if (r[v] === null || r[v] === undefined) continue;
      group(r[v]).byPrediction.set(String(r[v2]), Number(r[`n${GROUPED}`] ?? 0));
    }
  }
  return { groups, gradedHuman };
}

/**
 * The rules' slices: a rule is any condition, so its sums stay conditional (CASE WHEN rule), all
 * rules in one query grouped by label and, for the per-class counts, one grouped by prediction.
 */
async function ruleSums(ctx: GroupContext, conds: readonly SliceCond[]): Promise<SliceRows[]> {
  if (conds.length === 0) return [];
  const { engine, derivedParams, runs } = ctx;
  const { from, col } = ctx.grouped;
  const v2 = `v2${GROUPED}`;
  const out = conds.map((cond): SliceRows => ({ cond, ...emptyGroup() }));
  const params: SqlValue[] = [];
  const aggs = conds.flatMap((c, k) =>
    sumsSql(runs, c.where, c.params, params, `_${k}${GROUPED}`, col),
  );
  const byLabel = await engine.query(
    `SELECT ${col('label')} AS ${v2}, ${aggs.join(', ')} ${from} GROUP BY ${v2}`,
    [...params, ...derivedParams],
  );
  for (const r of byLabel) {
    out.forEach((s, k) => {
      const sums = readSums(r, `_${k}${GROUPED}`, runs);
      if (sums.n > 0) s.byLabel.set(String(r[v2]), sums);
    });
  }
  if (ctx.perClass) {
    const predParams: SqlValue[] = [];
    const counts = conds.map((c, k) => {
      predParams.push(...c.params);
      return `sum(CASE WHEN (${c.where}) THEN 1 ELSE 0 END) AS p${k}${GROUPED}`;
    });
    const byPrediction = await engine.query(
      `SELECT ${col('prediction')} AS ${v2}, ${counts.join(', ')} ${from} GROUP BY ${v2}`,
      [...predParams, ...derivedParams],
    );
    for (const r of byPrediction) {
      out.forEach((s, k) => {
        const x = Number(r[`p${k}${GROUPED}`] ?? 0);
        if (x > 0) s.byPrediction.set(String(r[v2]), x);
      });
    }
  }
  return out;
}

/**
 * The per-class counts of a slice (ClassSums, docs/summaries.md): for each class it holds labelled
 * or predicted, |S ∩ label C| with its hits and human sums, and |S ∩ prediction C|. (A class
 * slice L's rows are label L's: its labelled counts are the overall ones of L, its predicted
 * counts row L of the confusion matrix.)
 */
function classSums({ cond, byLabel, byPrediction }: SliceRows): ClassSums[] {
  const out = new Map<string, ClassSums>();
  const cell = (cls: string): ClassSums => {
    let c = out.get(cls);
    if (!c) {
      c = {
        sliceId: cond.id,
        cls,
        labelled: 0,
        predicted: 0,
        hit: 0,
        humanN: 0,
        humanSum: 0,
        humanSumSq: 0,
      };
      out.set(cls, c);
    }
    return c;
  };
  for (const [cls, s] of byLabel) {
    if (s.n === 0) continue;
    // A binary run's correctness is 1 exactly on a hit.
    Object.assign(cell(cls), {
      labelled: s.n,
      hit: s.cs,
      humanN: s.hn,
      humanSum: s.hs,
      humanSumSq: s.hq,
    });
  }
  for (const [cls, x] of byPrediction) if (x > 0) cell(cls).predicted = x;
  return [...out.values()];
}

/**
 * The slices that repeat another, as report.ts finds them on the native index: the candidate
 * pairs (sizes within the Jaccard window) need |A ∩ B|. A class slice against any other is read
 * from the other's rows by label; the rest (two metadata columns, rules) are counted in one more
 * query of conditional sums.
 */
async function findSummaryRepeats(
  { engine, derivedParams, grouped }: GroupContext,
  all: readonly SliceRows[],
  slices: readonly SliceSums[],
): Promise<Map<string, string>> {
  const total = slices[0]?.n ?? 0;
  const rowsOf = new Map(all.map((s) => [s.cond.id, s]));
  const condOf = (id: string) => (rowsOf.get(id) as SliceRows).cond;
  const kept = slices
    .filter((s) => s.kind !== 'overall' && s.size > 0 && !isRedundant(s.n, total))
    .map((s) => ({ id: s.id, kind: s.kind as SliceKind, size: s.size }));
  const pairs = repeatCandidates(kept).filter(([a, b]) => {
    const col = condOf(a.id).column;
    return col === undefined || col !== condOf(b.id).column;
  });
  if (pairs.length === 0) return new Map();
  const key = (a: string, b: string) => `${a}\u0000${b}`;
  const both = new Map<string, number>();
  const asked: [SliceCond, SliceCond][] = [];
  for (const [a, b] of pairs) {
    const [cls, other] = a.kind === 'class' ? [a, b] : b.kind === 'class' ? [b, a] : [null, null];
    if (cls && other) {
      const label = cls.id.slice('class:'.length);
      both.set(key(a.id, b.id), (rowsOf.get(other.id) as SliceRows).byLabel.get(label)?.n ?? 0);
    } else asked.push([condOf(a.id), condOf(b.id)]);
  }
  if (asked.length > 0) {
    const params: SqlValue[] = [];
    const sums = asked.map(([ca, cb], k) => {
      params.push(...ca.params, ...cb.params);
      return `sum(CASE WHEN (${ca.where}) AND (${cb.where}) THEN 1 ELSE 0 END) AS j${k}${GROUPED}`;
    });
    const row =
      (
        await engine.query(`SELECT ${sums.join(', ')} ${grouped.from}`, [
          ...params,
          ...derivedParams,
        ])
      )[0] ?? {};
    asked.forEach(([ca, cb], k) =>
      both.set(key(ca.id, cb.id), Number(row[`j${k}${GROUPED}`] ?? 0)),
    );
  }
  return findRepeatsBy(kept, (a, b) => both.get(key(a.id, b.id)) ?? 0);
}

/**
 * The native engine's numeric slices (slice-defs.ts numericSlices): one per value when the column
 * has at most MAX_EXACT_NUMERIC_VALUES distinct values, else B bins (the project's count for the
 * column, MAX_BINS by default) with edges at the order statistics floor(k·N/B) of the N values
 * read as numbers, merged where equal; the last bin is closed at the maximum. One query reads
 * the distinct count, the maximum and the B order statistics exactly (the engine's exact discrete
 * quantiles, no interpolation); one more groups the rows by value or by bin (groupedSums).
 */
async function numericSlices(
  ctx: GroupContext,
  { col, name, bins }: { col: string; name: string; bins: number },
  count: number,
  bind: (v: SqlValue, into: SqlValue[]) => string,
): Promise<SliceRows[]> {
  if (count === 0) return [];
  const { engine, derivedParams } = ctx;
  const value = ctx.grouped.col(col);
  const ranks = Array.from({ length: bins }, (_, k) => Math.floor((k * count) / bins));
  const stats =
    (
      await engine.query(
        `SELECT count(DISTINCT ${value}) AS d${GROUPED}, max(${value}) AS hi${GROUPED}, ${engine.orderStatistics(value, ranks, count)} AS q${GROUPED} ${ctx.grouped.where(`${value} IS NOT NULL`)}`,
        derivedParams,
      )
    )[0] ?? {};
  if (Number(stats[`d${GROUPED}`] ?? 0) <= MAX_EXACT_NUMERIC_VALUES) {
    const { groups } = await groupedSums(ctx, value, []);
    const values = [...groups.keys()].map(Number).sort((a, b) => a - b);
    return values.map((d): SliceRows => {
      const ps: SqlValue[] = [];
      const cond: SliceCond = {
        id: `meta:${name}=${d}`,
        kind: 'metadata',
        name: `${name} = ${formatEdge(d)}`,
        where: `${value} = ${bind(d, ps)}`,
        params: ps,
        column: name,
      };
      return { cond, ...(groups.get(String(d)) as GroupRows) };
    });
  }
  const quantiles = (stats[`q${GROUPED}`] as unknown[]).map(Number);
  if (quantiles.length !== bins) throw new Error(`${quantiles.length} order statistics of ${bins}`);
  const edges: number[] = [];
  for (const q of quantiles) {
    if (edges.length === 0 || q > (edges[edges.length - 1] as number)) edges.push(q);
  }
  const max = Number(stats[`hi${GROUPED}`]);
  // A row's bin: the last edge at or below its value (edges[0] is the minimum).
  const keyParams: SqlValue[] = [];
  const binOf = `CASE ${edges
    .map((lo, k) => ({ lo, k }))
    .reverse()
    .map(({ lo, k }) => `WHEN ${value} >= ${bind(lo, keyParams)} THEN ${k}`)
    .join(' ')} END`;
  const { groups } = await groupedSums(ctx, binOf, keyParams);
  return edges.map((lo, k): SliceRows => {
    const last = k === edges.length - 1;
    const hi = last ? max : (edges[k + 1] as number);
    const ps: SqlValue[] = [];
    const where = last
      ? `${value} >= ${bind(lo, ps)}`
      : `(${value} >= ${bind(lo, ps)} AND ${value} < ${bind(hi, ps)})`;
    const cond: SliceCond = {
      id: `meta:${name}:bin${k}`,
      kind: 'metadata',
      name: `${name} in [${formatEdge(lo)}, ${formatEdge(hi)}${last ? ']' : ')'}`,
      where,
      params: ps,
      column: name,
    };
    return { cond, ...(groups.get(String(k)) ?? emptyGroup()) };
  });
}
