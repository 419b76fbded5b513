// The names of column roles and import kinds, without zod, so the renderer can list them without
// bundling the schema library (roles.ts builds the schemas from these).
/** What a column of an imported file means. Detected from names and shapes; always overridable. */
export const COLUMN_ROLES = [
  'id', // the example's id, kept as the original string
  'label', // the given (ground-truth) label
  'prediction', // the model's predicted label
  'confidence', // the model's confidence in its prediction, in [0, 1]
  'probability', // p_<class>: the model's probability of one class
  'score', // a per-example score in [0, 1] (1 - WER, IoU) used instead of prediction == label
  'human_label', // one human annotator's label (several columns allowed)
  'human_votes', // human_votes_<class>: how many annotators chose that class
  'human_agreement', // the fraction of annotators who chose the given label
  'human_count', // how many annotators saw the example
  'input', // the input itself (text) or a path to it (image, audio), relative to the file's folder
  'metadata', // a column to slice by; its kind (categorical, numeric, text) is inferred
  'categorical', // metadata forced categorical
  'numeric', // metadata forced numeric
  'text', // metadata forced free text (no slices)
  'human_signal', // derived from human votes (human_majority, human_entropy...): shown, not sliced
  'tag', // the tag name, in a tags file of (example id, tag) rows
  'verdict', // a review verdict (correct, wrong, ambiguous), in a verdicts file
  'correction', // the corrected label of a 'wrong' verdict
  'reviewer', // who gave the verdict
  'ignore', // not imported
] as const;

/** What an import adds to a project. */
export const IMPORT_KINDS = ['examples', 'run', 'humans', 'tags', 'verdicts'] as const;

/** Roles that name one column at most in an import (the engine refuses a second; so does the screen). */
export const SINGLE_COLUMN_ROLES: readonly (typeof COLUMN_ROLES)[number][] = [
  'verdict',
  'correction',
  'reviewer',
  'id',
  'label',
  'prediction',
  'confidence',
  'score',
  'human_agreement',
  'human_count',
  'input',
];
