import type { Database, Statement } from 'better-sqlite3';
import { exampleCount } from './members.ts';

/**
 * Example ids (as the files write them) to positions, for tag files and tag edits by id.
 *
 * Many files number their examples: ids "1", "2", ... in file order, so that the example at
 * position p has the id String(p + first). Such a project's ids need no lookup at all: an id is
 * parsed. Whether a project is so is found once by one scan in SQLite and kept in meta
 * ('example_ids'), with what identifies the examples it was found on (their count and the first
 * and last ids: examples are written once, by the first import). Other projects look ids up in
 * SQLite, many per statement (json_each joined with the id index), never one call per id.
 */
const META_KEY = 'example_ids';
/** Fewer ids than this are looked up in SQLite rather than scanning for the layout first. */
const SCAN_FROM = 10_000;
/** Ids per lookup statement. */
const CHUNK = 50_000;

interface Layout {
  n: number;
  firstId: string | null;
  lastId: string | null;
  /** The number the id of position 0 is, when every id is its position plus that number. */
  first: number | null;
}

function endsOf(db: Database): Pick<Layout, 'n' | 'firstId' | 'lastId'> {
  const n = exampleCount(db);
  const idAt = db.prepare<[number], string>('SELECT id FROM examples WHERE pos = ?').pluck();
  return { n, firstId: n > 0 ? (idAt.get(0) ?? null) : null, lastId: idAt.get(n - 1) ?? null };
}

/** The integer a canonical decimal id ("0", "17"; not "017", "+1", "1.0") is, else -1. */
function canonicalInt(s: string): number {
  const len = s.length;
  if (len === 0 || len > 15) return -1;
  let v = 0;
  for (let i = 0; i < len; i++) {
    const c = s.charCodeAt(i) - 48;
    if (c < 0 || c > 9 || (c === 0 && i === 0 && len > 1)) return -1;
    v = v * 10 + c;
  }
  return v;
}

function savedLayout(db: Database, ends: Pick<Layout, 'n' | 'firstId' | 'lastId'>): Layout | null {
  const text = db
    .prepare<[string], string>('SELECT value FROM meta WHERE key = ?')
    .pluck()
    .get(META_KEY);
  if (text === undefined) return null;
  try {
    const saved = JSON.parse(text) as Layout;
    const same =
      saved.n === ends.n && saved.firstId === ends.firstId && saved.lastId === ends.lastId;
    // A numbered layout must agree with the ends it was found on.
    const valid =
      saved.first === null ||
      (Number.isSafeInteger(saved.first) &&
        ends.firstId === String(saved.first) &&
        ends.lastId === String(saved.first + ends.n - 1));
    return same && valid ? saved : null;
  } catch {
    return null; // not ours to trust: found again
  }
}

/** Scans the ids once (in SQLite) for the numbered layout; saved when inside a write. */
function scanLayout(db: Database, ends: Pick<Layout, 'n' | 'firstId' | 'lastId'>): Layout {
  const start = ends.firstId === null ? -1 : canonicalInt(ends.firstId);
  let first: number | null = null;
  if (start >= 0 && start + ends.n <= Number.MAX_SAFE_INTEGER) {
    const mismatch = db
      .prepare<[number], number>(
        // A bound number is a REAL: cast, or the text would read "2.0".
        'SELECT EXISTS (SELECT 1 FROM examples WHERE id <> CAST(pos + CAST(? AS INTEGER) AS TEXT))',
      )
      .pluck()
      .get(start);
    if (mismatch === 0) first = start;
  }
  const layout: Layout = { ...ends, first };
  if (db.inTransaction && !db.readonly) {
    db.prepare('INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)').run(
      META_KEY,
      JSON.stringify(layout),
    );
  }
  return layout;
}

/** Positions of ids, one batch after another (a file's rows); -1 for an id not in the project. */
export type IdResolver = (ids: readonly string[]) => Int32Array;

/**
 * A resolver for one transaction: it uses the saved layout, and scans for it once the ids asked
 * for add up to SCAN_FROM (before that, looking them up costs less than the scan).
 */
export function idResolver(db: Database): IdResolver {
  const ends = endsOf(db);
  let layout = savedLayout(db, ends);
  let asked = 0;
  let lookup: Statement<[string], [number, number]> | null = null;
  return (ids) => {
    const out = new Int32Array(ids.length).fill(-1);
    asked += ids.length;
    if (!layout && asked >= SCAN_FROM) layout = scanLayout(db, ends);
    if (layout?.first != null) {
      const { first, n } = layout;
      for (let i = 0; i < ids.length; i++) {
        const v = canonicalInt(ids[i] as string) - first;
        if (v >= 0 && v < n) out[i] = v;
      }
      return out;
    }
    lookup ??= db
      .prepare<[string], [number, number]>(
        'SELECT j.key, e.pos FROM json_each(?) j JOIN examples e ON e.id = j.value',
      )
      .raw();
    for (let at = 0; at < ids.length; at += CHUNK) {
      const chunk = ids.slice(at, at + CHUNK);
      for (const [k, pos] of lookup.iterate(JSON.stringify(chunk)) as IterableIterator<
        [number, number]
      >) {
        out[at + k] = pos;
      }
    }
    return out;
  };
}

/** Positions of the ids in the order given; -1 for an id that is not in the project. */
export function idPositions(db: Database, ids: readonly string[]): Int32Array {
  return ids.length === 0 ? new Int32Array(0) : idResolver(db)(ids);
}
