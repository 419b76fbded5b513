import { z } from 'zod';
import { columnRoleSchema, importKindSchema } from './roles.ts';
import { fileFormatSchema } from './imports.ts';

export const projectColumnSchema = z.object({
  name: z.string(),
  role: columnRoleSchema,
  type: z.enum(['string', 'number']),
  kind: z.enum(['categorical', 'numeric', 'text', 'none']),
  distinct: z.number().int().nullable(),
});

export const runInfoSchema = z.object({
  id: z.number().int(),
  name: z.string(),
  /** Examples with a prediction (or score) in this run. */
  n: z.number().int(),
  /** Mean correctness over those examples (analysis.md section 1), on the original labels. */
  accuracy: z.number().nullable(),
  hasConfidence: z.boolean(),
  hasScore: z.boolean(),
  classes: z.array(z.string()).nullable(),
});
export type RunInfo = z.infer<typeof runInfoSchema>;

export const humanSetInfoSchema = z.object({
  id: z.number().int(),
  name: z.string(),
  kind: z.enum(['labels', 'votes', 'agreement']),
  /** Examples with an annotation. */
  n: z.number().int(),
  /** Mean agreement with the given label over them: the overall HLP. */
  meanAgreement: z.number().nullable(),
});

export const tagInfoSchema = z.object({
  id: z.number().int(),
  name: z.string(),
  n: z.number().int(),
  color: z.string().nullable(),
  description: z.string().nullable(),
});

export const importLogEntrySchema = z.object({
  id: z.number().int(),
  kind: importKindSchema,
  file: z.string(),
  format: fileFormatSchema,
  rowsImported: z.number().int(),
  rowsRejected: z.number().int(),
  finishedAt: z.string(),
});

export const projectInfoSchema = z.object({
  path: z.string(),
  schemaVersion: z.number().int(),
  createdAt: z.string().nullable(),
  mediaRoot: z.string().nullable(),
  examples: z.number().int(),
  columns: z.array(projectColumnSchema),
  runs: z.array(runInfoSchema),
  humans: z.array(humanSetInfoSchema),
  tags: z.array(tagInfoSchema),
  imports: z.array(importLogEntrySchema),
  /** What the user should know about how it is open (read-only, on a network filesystem). */
  notices: z.array(z.string()),
});
export type ProjectInfo = z.infer<typeof projectInfoSchema>;

/** An old project file upgraded on opening, by migrations that rewrite data in full. */
export const schemaUpgradeSchema = z.object({
  path: z.string(),
  /** The schema the file had, and the one it gets. */
  from: z.number().int(),
  to: z.number().int(),
  /** The file's size before the upgrade. */
  bytes: z.number().int(),
  /** What is rewritten, in words ("the examples table"). */
  rewrites: z.array(z.string()),
});
export type SchemaUpgrade = z.infer<typeof schemaUpgradeSchema>;
