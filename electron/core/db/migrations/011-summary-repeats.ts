import type { Migration } from '../migrations.ts';

/**
 * Summary projects rank like imported ones (docs/summaries.md): the slice each summarized slice
 * repeats (Jaccard of members >= 0.99, counted by the engine), NULL when it repeats none.
 */
export const summaryRepeats: Migration = {
  version: 11,
  up(db) {
    db.exec('ALTER TABLE summary_slices ADD COLUMN repeats TEXT');
  },
};
