import type { Database } from 'better-sqlite3';
import { writeTx } from '../db/project-file.ts';

export interface SettingsPatch {
  ease?: number;
  importance?: number;
  /** An entered HLP; null clears it (back to HLP from data). */
  hlp?: { value: number; n: number | null; source: string } | null;
  /** An expected production share; null clears it (back to the measured n / N). */
  share?: number | null;
}

/** Saves a slice's ease, importance, entered HLP or share; durable when it returns. */
export function saveSliceSettings(db: Database, sliceId: string, patch: SettingsPatch): void {
  writeTx(db, () => {
    const now = new Date().toISOString();
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
      ).run(
        patch.hlp?.value ?? null,
        patch.hlp?.n ?? null,
        patch.hlp?.source ?? null,
        now,
        sliceId,
      );
    }
  });
}
