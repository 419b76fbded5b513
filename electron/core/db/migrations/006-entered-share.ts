import type { Migration } from '../migrations.ts';

/** An entered share per slice. */
export const enteredShare: Migration = {
  version: 6,
  up(db) {
    db.exec(`
        -- An entered share: the slice's expected share of production data (analysis.md section
        -- 2), used instead of n / N for its potential gain. NULL: the measured share.
        ALTER TABLE slice_settings ADD COLUMN share REAL;
      `);
  },
};
