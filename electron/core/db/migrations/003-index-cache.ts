import type { Migration } from '../migrations.ts';

/** The saved analysis index and meta.data_version. */
export const indexCache: Migration = {
  version: 3,
  up(db) {
    db.exec(`
        -- The derived analysis index, saved so a large project opens fast. Valid only while its
        -- version equals meta.data_version, which every write that changes the index bumps.
        CREATE TABLE index_cache (
          key TEXT PRIMARY KEY,
          version INTEGER NOT NULL,
          data BLOB NOT NULL
        ) STRICT;
        INSERT OR IGNORE INTO meta (key, value) VALUES ('data_version', '0');
      `);
  },
};
