import type { Database } from 'better-sqlite3';
import type { SliceKind } from '../../../shared/report.ts';
import type { LabelSet } from '../../../shared/report.ts';
import type { ImportKind } from '../../../shared/roles.ts';
import {
  buildIndex,
  indexFromColumns,
  indexFromParts,
  loadRuleSlices,
  loadTagSlices,
  pickRun,
  type AnalysisIndex,
  type IndexColumns,
} from './analysis-index.ts';
import { loadBinCounts } from './bin-counts.ts';

/**
 * Saves and loads the analysis index as one BLOB per run: a JSON header, then the typed arrays.
 * Loading 20 MB of arrays takes milliseconds where rebuilding from rows takes seconds. Tag slices
 * are not in it (format 2): they are read from the tags' member sets at each load (a copy per tag,
 * tags/members.ts), so a tag edit or a tag import keeps a saved copy current by moving its version
 * along (carryIndexCopies) instead of writing it again.
 */
const FORMAT = 2;

interface Header {
  format: number;
  n: number;
  run: { id: number; name: string };
  labels: LabelSet;
  correct: 'bits' | 'values';
  human: { setId: number; source: string; binary: boolean } | null;
  slices: { id: string; kind: SliceKind; name: string }[];
}

const keyOf = (runId: number, labels: string) => `index:run:${runId}:${labels}`;

function bytes(a: Uint32Array | Float64Array): Buffer {
  return Buffer.from(a.buffer, a.byteOffset, a.byteLength);
}

export function serializeIndex(index: AnalysisIndex): Buffer {
  const header: Header = {
    format: FORMAT,
    n: index.n,
    run: index.run,
    labels: index.labels,
    correct: index.correctBits ? 'bits' : 'values',
    human: index.human
      ? { setId: index.human.setId, source: index.human.source, binary: index.human.binary }
      : null,
    slices: savedSlices(index).map((s) => ({ id: s.id, kind: s.kind, name: s.name })),
  };
  const json = Buffer.from(JSON.stringify(header), 'utf8');
  const pad = (8 - ((4 + json.length) % 8)) % 8;
  const parts: Buffer[] = [Buffer.alloc(4), json, Buffer.alloc(pad)];
  parts[0]?.writeUInt32LE(json.length, 0);
  // Float64 parts first so they stay 8-aligned.
  if (index.correctVals) parts.push(bytes(index.correctVals));
  if (index.human) parts.push(bytes(index.human.values));
  parts.push(bytes(index.inRun));
  if (index.correctBits) parts.push(bytes(index.correctBits));
  if (index.human) {
    parts.push(bytes(index.human.has));
    if (index.human.ones) parts.push(bytes(index.human.ones));
  }
  for (const s of savedSlices(index)) parts.push(bytes(s.bits));
  return Buffer.concat(parts);
}

/** The slices a saved copy holds: all but the tags. */
function savedSlices(index: AnalysisIndex): AnalysisIndex['slices'] {
  return index.slices.filter((s) => s.kind !== 'tag');
}

/** The index with the live tags' slices where buildIndex puts them: after the others, before the rules. */
function withTags(db: Database, index: AnalysisIndex): AnalysisIndex {
  const others = index.slices.filter((s) => s.kind !== 'tag' && s.kind !== 'rule');
  const rules = index.slices.filter((s) => s.kind === 'rule');
  return { ...index, slices: others.concat(loadTagSlices(db, index.n), rules) };
}

export function deserializeIndex(buf: Buffer): AnalysisIndex | null {
  const len = buf.readUInt32LE(0);
  const header = JSON.parse(buf.toString('utf8', 4, 4 + len)) as Header;
  if (header.format !== FORMAT) return null;
  let off = 4 + len + ((8 - ((4 + len) % 8)) % 8);
  const words = (header.n + 31) >>> 5;
  // The parts sit at multiples of 8 (Float64) and 4 (Uint32) from the start: when the BLOB's
  // bytes start on an 8-byte boundary (a large BLOB has its own memory), the arrays are views of
  // them; otherwise copies, as a typed array cannot start off its element size.
  const aligned = buf.byteOffset % 8 === 0;
  const f64 = () => {
    const view = aligned && off + header.n * 8 <= buf.length;
    const a = view
      ? new Float64Array(buf.buffer, buf.byteOffset + off, header.n)
      : new Float64Array(header.n);
    if (!view) new Uint8Array(a.buffer).set(buf.subarray(off, off + header.n * 8));
    off += header.n * 8;
    return a;
  };
  const u32 = () => {
    const view = aligned && off + words * 4 <= buf.length;
    const a = view
      ? new Uint32Array(buf.buffer, buf.byteOffset + off, words)
      : new Uint32Array(words);
    if (!view) new Uint8Array(a.buffer).set(buf.subarray(off, off + words * 4));
    off += words * 4;
    return a;
  };
  const correctVals = header.correct === 'values' ? f64() : null;
  const humanValues = header.human ? f64() : null;
  const inRun = u32();
  const correctBits = header.correct === 'bits' ? u32() : null;
  let human: AnalysisIndex['human'] = null;
  if (header.human && humanValues) {
    const has = u32();
    const ones = header.human.binary ? u32() : null;
    human = { ...header.human, has, values: humanValues, ones };
  }
  const slices = header.slices.map((s) => ({ ...s, bits: u32() }));
  if (off !== buf.length) return null;
  return {
    n: header.n,
    run: header.run,
    labels: header.labels,
    inRun,
    correctBits,
    correctVals,
    human,
    slices,
  };
}

export function loadCachedIndex(
  db: Database,
  runId: number,
  labels: LabelSet,
  version: number,
): AnalysisIndex | null {
  const key = keyOf(runId, labels);
  const saved = db
    .prepare<[string], number>('SELECT version FROM index_cache WHERE key = ?')
    .pluck()
    .get(key);
  if (saved === undefined || !isCurrent(db, saved, version)) return null;
  const data = db
    .prepare<[string], Buffer>('SELECT data FROM index_cache WHERE key = ?')
    .pluck()
    .get(key) as Buffer;
  const index = deserializeIndex(data);
  return index ? withTags(db, index) : null;
}

/**
 * meta 'tags_only_span' = "from:to": every data_version change from `from` to `to` was a tag edit
 * or a tag import (carryIndexCopies). A saved copy holds no tags, so one saved at any version in
 * that span is current while `to` is the data version; any other write moves data_version past
 * `to` and ends the span. Kept in meta because rewriting a copy's row to move its version would
 * rewrite its 17 MB.
 */
const SPAN_KEY = 'tags_only_span';

function tagsOnlySpan(db: Database): { from: number; to: number } | null {
  const text = db
    .prepare<[string], string>('SELECT value FROM meta WHERE key = ?')
    .pluck()
    .get(SPAN_KEY);
  const m = text === undefined ? null : /^(\d+):(\d+)$/.exec(text);
  return m ? { from: Number(m[1]), to: Number(m[2]) } : null;
}

/** Whether a copy saved at data_version `saved` is current at `version`. */
function isCurrent(db: Database, saved: number, version: number): boolean {
  if (saved === version) return true;
  const span = tagsOnlySpan(db);
  return span !== null && span.to === version && span.from <= saved && saved <= version;
}

/**
 * After a write that changed only tags (data_version from `previous` to `version`, in the same
 * transaction): the saved copies current at `previous` stay current at `version`.
 */
export function carryIndexCopies(db: Database, previous: number, version: number): void {
  const span = tagsOnlySpan(db);
  const from = span !== null && span.to === previous ? span.from : previous;
  db.prepare('INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)').run(
    SPAN_KEY,
    `${from}:${version}`,
  );
}

/** Whether any saved copy is current at `version`. */
function anyCurrent(db: Database, version: number): boolean {
  return db
    .prepare<[], number>('SELECT version FROM index_cache')
    .pluck()
    .all()
    .some((saved) => isCurrent(db, saved, version));
}

/**
 * Whether the saved copy of this index is current at `version` (a tag edit keeps it current: it
 * holds no tags), so writing it again would only rewrite the same bytes.
 */
export function hasCurrentCopy(db: Database, index: AnalysisIndex, version: number): boolean {
  const key = keyOf(index.run.id, index.labels);
  const saved = db
    .prepare<[string], number>('SELECT version FROM index_cache WHERE key = ?')
    .pluck()
    .get(key);
  // A copy of an older format (a project saved before format 2) cannot be loaded: it is not
  // current, whatever its version, or every open would build the index from rows again.
  return saved !== undefined && isCurrent(db, saved, version) && savedFormat(db, key) === FORMAT;
}

/** The format in a saved copy's header, read without its arrays; null when unreadable. */
function savedFormat(db: Database, key: string): number | null {
  const head = db
    .prepare<[string], Buffer>('SELECT substr(data, 1, 4) FROM index_cache WHERE key = ?')
    .pluck()
    .get(key);
  if (!Buffer.isBuffer(head) || head.length < 4) return null;
  const json = db
    .prepare<[number, string], Buffer>('SELECT substr(data, 5, ?) FROM index_cache WHERE key = ?')
    .pluck()
    .get(head.readUInt32LE(0), key);
  try {
    const header = JSON.parse(json?.toString('utf8') ?? '') as Partial<Header>;
    return typeof header.format === 'number' ? header.format : null;
  } catch {
    return null;
  }
}

/**
 * A first import's index, built and serialized while its rows are still being written (the row
 * writer thread's import: write-examples.ts), assuming a new project's empty tags, rules and bin
 * counts; saveIndexForImport checks that before saving it.
 */
export interface PreparedIndex {
  runId: number;
  key: string;
  data: Buffer;
}

export function prepareIndex(c: IndexColumns): PreparedIndex {
  const index = indexFromParts(c, new Map(), () => []);
  return {
    runId: index.run.id,
    key: keyOf(index.run.id, index.labels),
    data: serializeIndex(index),
  };
}

export function saveCachedIndex(db: Database, index: AnalysisIndex, version: number): void {
  db.prepare('INSERT OR REPLACE INTO index_cache (key, version, data) VALUES (?, ?, ?)').run(
    keyOf(index.run.id, index.labels),
    version,
    serializeIndex(index),
  );
}

/** Whether the project has what a prepared index leaves out (it would then be built again). */
function hasTagsRulesOrBins(db: Database, n: number, runId: number): boolean {
  return (
    loadBinCounts(db).size > 0 ||
    loadTagSlices(db, n).length > 0 ||
    loadRuleSlices(db, n, runId).length > 0
  );
}

/** Imports that leave the default run's examples, predictions, labels and humans as they were. */
const KEEPS_ROW_DATA = new Set<ImportKind>(['tags', 'run', 'verdicts']);

/**
 * The saved copy of the default run's index (original labels) brought up to date inside an
 * import's transaction, after its data_version bump: the first report after an import loads it
 * instead of reading every row, and a failed import rolls it back with everything else. An import
 * that changes no row data (tags, another run, verdicts) takes the copy it replaces and reads its
 * tags and rules again; the first import gives the columns it gathered while writing the rows
 * (`gathered`); any other builds the index from the rows.
 */
export function saveIndexForImport(
  db: Database,
  kind: ImportKind,
  previousVersion: number,
  version: number,
  gathered?: IndexColumns,
  prepared?: PreparedIndex,
): void {
  const hasRun = db.prepare('SELECT 1 FROM runs LIMIT 1').get() !== undefined;
  if (!hasRun) return; // no predictions yet: there is no index to report from
  // Tags are not in a saved copy: a tags import leaves every current one current.
  if (kind === 'tags' && anyCurrent(db, previousVersion)) {
    carryIndexCopies(db, previousVersion, version);
    return;
  }
  const runId = pickRun(db).id;
  const previous = KEEPS_ROW_DATA.has(kind)
    ? loadCachedIndex(db, runId, 'original', previousVersion)
    : null;
  let index: AnalysisIndex;
  try {
    if (previous) {
      // The order buildIndex gives: metadata and class slices, then tags, then rules.
      const kept = previous.slices.filter((s) => s.kind !== 'tag' && s.kind !== 'rule');
      const tags = loadTagSlices(db, previous.n);
      index = { ...previous, slices: kept.concat(tags, loadRuleSlices(db, previous.n, runId)) };
    } else if (gathered && gathered.run.id === runId) {
      if (prepared?.runId === runId && !hasTagsRulesOrBins(db, gathered.n, runId)) {
        db.prepare('INSERT OR REPLACE INTO index_cache (key, version, data) VALUES (?, ?, ?)').run(
          prepared.key,
          version,
          prepared.data,
        );
        return;
      }
      index = indexFromColumns(db, gathered);
    } else {
      index = buildIndex(db);
    }
  } catch {
    return; // only reads failed: the import stands, and the first report builds the index
  }
  saveCachedIndex(db, index, version);
}
