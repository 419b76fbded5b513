import type { Migration } from '../migrations.ts';

/**
 * The decisions log (issue #17), append-only like verdicts. Numbered 009 (008 is the baselines
 * storage of another branch); its version is its place in the list, renumbered at merge.
 */
export const decisions: Migration = {
  version: 9,
  up(db) {
    db.exec(`
      -- One row per event. A 'decide' event opens a decision (owner, why, due, expected gain,
      -- and the slice's figures at that moment as JSON); a 'close' event (decision = the id of the
      -- 'decide' event) closes it. A later decision on the same slice supersedes an open one.
      -- Nothing is edited in place: UPDATE and DELETE are refused.
      CREATE TABLE decision_events (
        id INTEGER PRIMARY KEY,
        kind TEXT NOT NULL CHECK (kind IN ('decide', 'close')),
        decision INTEGER REFERENCES decision_events(id),
        slice_id TEXT NOT NULL,
        slice_name TEXT NOT NULL,
        owner TEXT,
        why TEXT,
        due TEXT,
        expected_gain REAL,
        snapshot TEXT,
        created_at TEXT NOT NULL,
        CHECK ((kind = 'close') = (decision IS NOT NULL)),
        CHECK ((kind = 'decide') = (snapshot IS NOT NULL AND owner IS NOT NULL AND why IS NOT NULL))
      ) STRICT;
      CREATE INDEX decision_events_decision ON decision_events(decision);
      CREATE TRIGGER decision_events_append_only_update BEFORE UPDATE ON decision_events
        BEGIN SELECT RAISE(ABORT, 'decision_events are append-only'); END;
      CREATE TRIGGER decision_events_append_only_delete BEFORE DELETE ON decision_events
        BEGIN SELECT RAISE(ABORT, 'decision_events are append-only'); END;
    `);
  },
};
