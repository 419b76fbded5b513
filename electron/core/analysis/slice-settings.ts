import type { Database } from 'better-sqlite3';
import type { EnteredHlp, SettingsPatch } from '../../../shared/slice-settings.ts';
import { writeTx } from '../db/project-file.ts';

/** A settings edit as saved: an entered HLP has its sample size and source filled in. */
export type SavedSettingsPatch = Omit<SettingsPatch, 'hlp'> & { hlp?: EnteredHlp | null };

/** Saves a slice's ease, importance, entered HLP or share; durable when it returns. */
export function saveSliceSettings(db: Database, sliceId: string, patch: SavedSettingsPatch): void {
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
