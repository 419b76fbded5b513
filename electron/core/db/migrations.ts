import type { Database } from 'better-sqlite3';
import { initialSchema } from './migrations/001-initial-schema.ts';
import { rulesAndSliceSettings } from './migrations/002-rules-and-slice-settings.ts';
import { indexCache } from './migrations/003-index-cache.ts';
import { verdicts } from './migrations/004-verdicts.ts';
import { tagHistory } from './migrations/005-tag-history.ts';
import { enteredShare } from './migrations/006-entered-share.ts';
import { settingsHistory } from './migrations/007-settings-history.ts';
import { baselines } from './migrations/008-baselines.ts';
import { decisions } from './migrations/009-decisions.ts';
import { summaries } from './migrations/010-summaries.ts';
import { binCounts } from './migrations/011-bin-counts.ts';
import { summaryRanking } from './migrations/012-summary-ranking.ts';
import { summaryClassStats } from './migrations/013-summary-class-and-run-stats.ts';
import { tagMemberSets } from './migrations/014-tag-member-sets.ts';
import { examplesIdIndex } from './migrations/015-examples-id-index.ts';

/**
 * Forward-only schema migrations. All pending ones run in one transaction together with the bumps
 * of `PRAGMA user_version`, so a kill mid-migration leaves the old or the newest schema, never a
 * mix and never a version in between.
 * Never edit a released migration: add a new one, with its describe in test/db/migrations.test.ts.
 */
export interface Migration {
  version: number;
  /**
   * Rebuilds a table others refer to (SQLite's new table, copy, drop, rename): the pending
   * migrations then run with foreign keys off, checked before the commit (project-file.ts migrate).
   */
  foreignKeysOff?: true;
  /**
   * What the migration rewrites in full, in words ("the examples table"): its time grows with
   * the project, so whoever opens the project is told before it starts (project.upgrading).
   */
  rewrites?: string;
  up(db: Database): void;
}

/** In order: one file each in migrations/, named NNN-what.ts (test/db/migrations.test.ts). */
export const MIGRATIONS: readonly Migration[] = [
  initialSchema,
  rulesAndSliceSettings,
  indexCache,
  verdicts,
  tagHistory,
  enteredShare,
  settingsHistory,
  baselines,
  decisions,
  summaries,
  binCounts,
  summaryRanking,
  summaryClassStats,
  tagMemberSets,
  examplesIdIndex,
];

export const SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1]?.version ?? 0;
