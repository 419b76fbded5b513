import type { Migration } from '../migrations.ts';

/**
 * Per-class counts of a summary run (docs/summaries.md): recall and precision of a class per
 * slice, and their no-skill floor; and the paired counts of the model against another run's
 * predictions (`run:NAME` baselines). A run summarized before has none: its report refuses
 * recall and precision until a refresh.
 */
export const summaryClassStats: Migration = {
  version: 13,
  up(db) {
    db.exec(`
      -- One row per (summary run, slice, class) with a member labelled or predicted as the class:
      -- labelled = |S ∩ label C|, predicted = |S ∩ prediction C|, hit = |S ∩ label C ∩ prediction C|,
      -- and the human sums over S ∩ label C ∩ H (recall's human reference).
      CREATE TABLE summary_class_stats (
        summary_id INTEGER NOT NULL REFERENCES summary_runs(id),
        slice_id TEXT NOT NULL,
        class TEXT NOT NULL,
        labelled INTEGER NOT NULL,
        predicted INTEGER NOT NULL,
        hit INTEGER NOT NULL,
        human_n INTEGER NOT NULL,
        human_sum REAL NOT NULL,
        human_sumsq REAL NOT NULL,
        PRIMARY KEY (summary_id, slice_id, class)
      ) STRICT;
      -- One row per (summary run, slice, other run): the members both predicted, counted by who
      -- is right (the model A, the other run B), as compare-runs and run:NAME baselines pair them.
      CREATE TABLE summary_run_pairs (
        summary_id INTEGER NOT NULL REFERENCES summary_runs(id),
        slice_id TEXT NOT NULL,
        run_name TEXT NOT NULL,
        both INTEGER NOT NULL,
        a_only INTEGER NOT NULL,
        b_only INTEGER NOT NULL,
        neither INTEGER NOT NULL,
        PRIMARY KEY (summary_id, slice_id, run_name)
      ) STRICT;
    `);
  },
};
