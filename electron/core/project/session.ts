import type { Database } from 'better-sqlite3';
import { randomBytes } from 'node:crypto';
import { statSync } from 'node:fs';
import { hostname } from 'node:os';
import { writeTx } from '../db/project-file.ts';

/**
 * Unclean-shutdown detection (reliability-tests.md L-06). Each process that opens a project for
 * editing leaves a row in meta, `session:<host>:<pid>:<nonce>:opened_at` (a timestamp, not
 * content), and removes it on a clean close. A row of a process of this machine that no longer
 * runs means Headroom was killed or crashed with the project open: the next open removes it and
 * tells the user, with the time of the last saved change. Rows of other machines (a project on a
 * shared disk) are left alone: whether their process runs cannot be known from here.
 */
const PREFIX = 'session:';
const SUFFIX = ':opened_at';

interface SessionKey {
  host: string;
  pid: number;
}

function parseKey(key: string): SessionKey | null {
  if (!key.startsWith(PREFIX) || !key.endsWith(SUFFIX)) return null;
  const parts = key.slice(PREFIX.length, -SUFFIX.length).split(':');
  if (parts.length < 3) return null;
  const pid = Number(parts[parts.length - 2]);
  if (!Number.isInteger(pid) || pid <= 0) return null;
  return { host: parts.slice(0, -2).join(':'), pid };
}

function running(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM'; // someone else's process
  }
}

/** When the project file (or its WAL) was last written, as "YYYY-MM-DD HH:MM UTC". */
function lastWrite(path: string): string | null {
  let ms = 0;
  for (const f of [path, `${path}-wal`]) {
    try {
      ms = Math.max(ms, statSync(f).mtimeMs);
    } catch {
      // no WAL: the main file's time
    }
  }
  return ms > 0 ? `${new Date(ms).toISOString().slice(0, 16).replace('T', ' ')} UTC` : null;
}

const sessions = new WeakMap<Database, { key: string | null; unclean: string | null }>();
/** The session keys of this process's open connections. */
const liveKeys = new Set<string>();

/** Records this process's session; returns what the last, unclean one left to say (or null). */
export function beginSession(db: Database, path: string): string | null {
  if (db.readonly) return null;
  const host = hostname();
  const rows = db
    .prepare<[], { key: string }>("SELECT key FROM meta WHERE key LIKE 'session:%'")
    .all();
  const stale = rows.filter((r) => {
    const k = parseKey(r.key);
    return k !== null && k.host === host && k.pid !== process.pid && !running(k.pid);
  });
  // This process's own rows that no open connection holds: brought back by a restored copy of
  // the file (an import discarded), not a crash.
  const leftovers = rows.filter((r) => {
    const k = parseKey(r.key);
    return k !== null && k.host === host && k.pid === process.pid && !liveKeys.has(r.key);
  });
  const saved = stale.length > 0 ? lastWrite(path) : null;
  const unclean =
    stale.length > 0
      ? `Headroom was not closed cleanly the last time this project was open${saved ? ` (its last saved change: ${saved})` : ''}. Everything saved until then is in the project; an edit that was not yet confirmed is not.`
      : null;
  const key = `${PREFIX}${host}:${process.pid}:${randomBytes(4).toString('hex')}${SUFFIX}`;
  try {
    writeTx(db, () => {
      const drop = db.prepare('DELETE FROM meta WHERE key = ?');
      for (const r of [...stale, ...leftovers]) drop.run(r.key);
      db.prepare('INSERT INTO meta (key, value) VALUES (?, ?)').run(key, new Date().toISOString());
    });
    sessions.set(db, { key, unclean });
    liveKeys.add(key);
  } catch {
    // A full disk or a busy project: no session is kept (nothing of the user's is at stake).
    sessions.set(db, { key: null, unclean });
  }
  return unclean;
}

/** Removes this process's session row: the project was closed cleanly. */
export function endSession(db: Database): void {
  const s = sessions.get(db);
  sessions.delete(db);
  if (s?.key) liveKeys.delete(s.key);
  if (!s?.key || !db.open || db.readonly) return;
  try {
    db.prepare('DELETE FROM meta WHERE key = ?').run(s.key);
  } catch {
    // Best effort: a row left behind only makes the next open say "not closed cleanly".
  }
}

/** The unclean-shutdown notice found when this connection opened the project, if any. */
export function uncleanNotice(db: Database): string | null {
  return sessions.get(db)?.unclean ?? null;
}
