import type { Migration } from '../migrations.ts';

/**
 * Summary projects rank and compare like imported ones (docs/summaries.md): the slice each
 * summarized slice repeats (Jaccard of members >= 0.99, counted by the engine; NULL: none) and the
 * count of its most frequent label (the majority baseline; NULL for a run summarized before).
 */
export const summaryRanking: Migration = {
  version: 12,
  up(db) {
    db.exec(`
      ALTER TABLE summary_slices ADD COLUMN repeats TEXT;
      ALTER TABLE summary_slices ADD COLUMN majority_count INTEGER;
    `);
  },
};
