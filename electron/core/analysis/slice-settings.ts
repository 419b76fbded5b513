import type { Database } from 'better-sqlite3';
import type {
  EnteredHlp,
  SettingsPatch as SettingsPatchInput,
} from '../../../shared/slice-settings.ts';
import type { Reference } from '../../../shared/baselines.ts';
import { writeTx } from '../db/project-file.ts';
import { bumpDataVersion } from '../db/data-version.ts';
import { currentBinCount, writeBinCount } from './bin-counts.ts';
import {
  currentReference,
  currentRequirement,
  currentTarget,
  writeReference,
  writeRequirement,
  writeTarget,
  type StoredRequirement,
} from './baseline-settings.ts';

/**
 * A settings edit as saved: an entered HLP has its sample size and source filled in. Besides a
 * slice's own settings, an edit may set a target (of a slice id or `all`), a requirement (of a
 * scope: a slice id, `all` or `COLUMN=*`), the project's default reference (analysis.md 8) or a
 * numeric column's bin count (analysis.md 4): all share one undo history. null clears.
 */
export type SettingsPatch = Omit<SettingsPatchInput, 'hlp'> & {
  hlp?: EnteredHlp | null;
  target?: EnteredHlp | null;
  requirement?: StoredRequirement | null;
  reference?: Reference | null;
  bins?: { column: string; bins: number | null };
};

/** The fields of a patch kept in slice_settings (the others have tables of their own). */
const SLICE_FIELDS = ['ease', 'importance', 'share', 'hlp'] as const;

/**
 * Saves a slice's ease, importance, entered HLP or share, a target, a requirement or the
 * default reference; durable when it returns. The edit and
 * what it replaced are kept in settings_ops in the same transaction (undoSliceSettings), and a
 * new edit drops the steps that were undone. `name` is the slice as the report shows it.
 */
export function saveSliceSettings(
  db: Database,
  sliceId: string,
  patch: SettingsPatch,
  name: string = sliceId,
): void {
  writeTx(db, () => {
    const now = new Date().toISOString();
    const before = currentPatch(db, sliceId, patch);
    writePatch(db, sliceId, patch, now);
    db.prepare("UPDATE settings_ops SET state = 'dropped' WHERE state = 'undone'").run();
    db.prepare(
      `INSERT INTO settings_ops (slice_id, slice_name, what, before, after, created_at)
       VALUES (?, ?, ?, ?, ?, ?)`,
    ).run(sliceId, name, whatOf(patch), JSON.stringify(before), JSON.stringify(patch), now);
  });
}

function writePatch(db: Database, sliceId: string, patch: SettingsPatch, now: string): void {
  if (patch.target !== undefined) writeTarget(db, sliceId, patch.target);
  if (patch.requirement !== undefined) writeRequirement(db, sliceId, patch.requirement);
  if (patch.reference !== undefined) writeReference(db, patch.reference);
  if (patch.bins !== undefined) {
    writeBinCount(db, patch.bins.column, patch.bins.bins);
    // The slices themselves change: every saved or held index is stale.
    bumpDataVersion(db);
  }
  if (!SLICE_FIELDS.some((f) => patch[f] !== undefined)) return;
  db.prepare('INSERT OR IGNORE INTO slice_settings (slice_id, updated_at) VALUES (?, ?)').run(
    sliceId,
    now,
  );
  if (patch.ease !== undefined) {
    db.prepare('UPDATE slice_settings SET ease = ?, updated_at = ? WHERE slice_id = ?').run(
      patch.ease,
      now,
      sliceId,
    );
  }
  if (patch.importance !== undefined) {
    db.prepare('UPDATE slice_settings SET importance = ?, updated_at = ? WHERE slice_id = ?').run(
      patch.importance,
      now,
      sliceId,
    );
  }
  if (patch.share !== undefined) {
    db.prepare('UPDATE slice_settings SET share = ?, updated_at = ? WHERE slice_id = ?').run(
      patch.share,
      now,
      sliceId,
    );
  }
  if (patch.hlp !== undefined) {
    db.prepare(
      'UPDATE slice_settings SET hlp = ?, hlp_n = ?, hlp_source = ?, updated_at = ? WHERE slice_id = ?',
    ).run(patch.hlp?.value ?? null, patch.hlp?.n ?? null, patch.hlp?.source ?? null, now, sliceId);
  }
}

/** The values the fields of `patch` have now (the defaults when the slice has no settings). */
function currentPatch(db: Database, sliceId: string, patch: SettingsPatch): SettingsPatch {
  const row = db
    .prepare<
      [string],
      {
        ease: number;
        importance: number;
        hlp: number | null;
        hlp_n: number | null;
        hlp_source: string | null;
        share: number | null;
      }
    >(
      'SELECT ease, importance, hlp, hlp_n, hlp_source, share FROM slice_settings WHERE slice_id = ?',
    )
    .get(sliceId) ?? {
    ease: 1,
    importance: 1,
    hlp: null,
    hlp_n: null,
    hlp_source: null,
    share: null,
  };
  const before: SettingsPatch = {};
  if (patch.target !== undefined) before.target = currentTarget(db, sliceId);
  if (patch.requirement !== undefined) before.requirement = currentRequirement(db, sliceId);
  if (patch.reference !== undefined) before.reference = currentReference(db);
  if (patch.bins !== undefined) {
    before.bins = { column: patch.bins.column, bins: currentBinCount(db, patch.bins.column) };
  }
  if (patch.ease !== undefined) before.ease = row.ease;
  if (patch.importance !== undefined) before.importance = row.importance;
  if (patch.share !== undefined) before.share = row.share;
  if (patch.hlp !== undefined) {
    before.hlp =
      row.hlp === null
        ? null
        : { value: row.hlp, n: row.hlp_n, source: row.hlp_source ?? 'entered' };
  }
  return before;
}

/** The fields an edit sets, as the dashboard names them. */
function whatOf(patch: SettingsPatch): string {
  const names: string[] = [];
  if (patch.hlp !== undefined) names.push('HLP');
  if (patch.ease !== undefined) names.push('ease');
  if (patch.importance !== undefined) names.push('importance');
  if (patch.share !== undefined) names.push('share');
  if (patch.target !== undefined) names.push('target');
  if (patch.requirement !== undefined) names.push('requirement');
  if (patch.reference !== undefined) names.push('reference');
  if (patch.bins !== undefined) names.push('bins');
  return names.join(', ');
}

interface SettingsOpRow {
  id: number;
  slice_id: string;
  label: string;
  before: string;
  after: string;
}

const SELECT_OP = `SELECT id, slice_id, what || ' of ' || slice_name AS label, before, after
  FROM settings_ops`;
const LAST_DONE = `${SELECT_OP} WHERE state = 'done' ORDER BY id DESC LIMIT 1`;
const FIRST_UNDONE = `${SELECT_OP} WHERE state = 'undone' ORDER BY id ASC LIMIT 1`;

/** A settings step taken back or done again: its slice and "ease of <slice name>". */
export interface SettingsStep {
  sliceId: string;
  label: string;
}

/** Takes back the newest settings edit still done; null when there is none. */
export function undoSliceSettings(db: Database): SettingsStep | null {
  return writeTx(db, () => {
    const op = db.prepare<[], SettingsOpRow>(LAST_DONE).get();
    if (!op) return null;
    writePatch(db, op.slice_id, JSON.parse(op.before) as SettingsPatch, new Date().toISOString());
    db.prepare("UPDATE settings_ops SET state = 'undone' WHERE id = ?").run(op.id);
    return { sliceId: op.slice_id, label: op.label };
  });
}

/** Does again the settings edit undone last; null when there is none. */
export function redoSliceSettings(db: Database): SettingsStep | null {
  return writeTx(db, () => {
    const op = db.prepare<[], SettingsOpRow>(FIRST_UNDONE).get();
    if (!op) return null;
    writePatch(db, op.slice_id, JSON.parse(op.after) as SettingsPatch, new Date().toISOString());
    db.prepare("UPDATE settings_ops SET state = 'done' WHERE id = ?").run(op.id);
    return { sliceId: op.slice_id, label: op.label };
  });
}

/** What an undo and a redo would do now ("HLP of car noise"), for the buttons' titles. */
export function sliceSettingsHistory(db: Database): { undo: string | null; redo: string | null } {
  return {
    undo: db.prepare<[], SettingsOpRow>(LAST_DONE).get()?.label ?? null,
    redo: db.prepare<[], SettingsOpRow>(FIRST_UNDONE).get()?.label ?? null,
  };
}
