import { z } from 'zod';
import { COLUMN_ROLES, columnRoleSchema, importKindSchema, type ColumnRole } from './roles.ts';

export const FILE_FORMATS = ['csv', 'tsv', 'jsonl', 'parquet'] as const;
export const fileFormatSchema = z.enum(FILE_FORMATS);
export type FileFormat = z.infer<typeof fileFormatSchema>;

/**
 * Column name -> role, overriding detection. Not z.record: zod leaves a "__proto__" key out of its
 * output, and a column may be named so; this keeps the object as given (own keys only are read).
 */
export const columnMapSchema = z.custom<Record<string, ColumnRole>>(
  (v) =>
    typeof v === 'object' &&
    v !== null &&
    !Array.isArray(v) &&
    Object.entries(v).every(
      ([column, role]) => column.length <= 1000 && columnRoleSchema.safeParse(role).success,
    ),
  `expected {column name: role} with roles among ${COLUMN_ROLES.join(', ')}`,
);

export const importRequestSchema = z.object({
  /** The project file; created by an examples import when it does not exist. */
  project: z.string().min(1).max(4096),
  file: z.string().min(1).max(4096),
  /** Default: examples for a new project, run when `name` is given for an existing one. */
  kind: importKindSchema.optional(),
  /** The run's name (run or examples import) or the human set's name. */
  name: z.string().min(1).max(200).optional(),
  /** Column name -> role, overriding detection. */
  map: columnMapSchema.optional(),
  strict: z.boolean().optional(),
  encoding: z.string().max(40).optional(),
  format: fileFormatSchema.optional(),
});
export type ImportRequest = z.infer<typeof importRequestSchema>;

export const rowRejectSchema = z.object({
  line: z.number().int(),
  column: z.string().nullable(),
  reason: z.string(),
});

export const columnMappingSchema = z.object({
  column: z.string(),
  role: columnRoleSchema,
  reason: z.string(),
  /** The role detected from the column's name (before the user's choice), in previews. */
  detected: columnRoleSchema.optional(),
  /** Metadata only: the inferred kind. */
  kind: z.enum(['categorical', 'numeric', 'text']).optional(),
});
export type ColumnMapping = z.infer<typeof columnMappingSchema>;

export const importProgressSchema = z.object({
  jobId: z.string(),
  rows: z.number().int(),
  rejected: z.number().int(),
  bytes: z.number(),
  totalBytes: z.number(),
  rowsPerSec: z.number(),
  elapsedMs: z.number(),
  /**
   * The file is being read a second time: the first reading found an id on more than one row, and
   * this one rejects each repeat on its line (rows, bytes and times count from this reading).
   */
  again: z.boolean().optional(),
  /**
   * Every row is read and written; the import is finishing: checking ids, counting, saving the
   * analysis index and making the file durable (seconds for millions of rows). Nothing is in the
   * project until this ends.
   */
  finishing: z.boolean().optional(),
});
export type ImportProgress = z.infer<typeof importProgressSchema>;

export const importSummarySchema = z.object({
  importId: z.number().int(),
  project: z.string(),
  kind: importKindSchema,
  file: z.string(),
  format: fileFormatSchema,
  name: z.string().nullable(),
  rowsRead: z.number().int(),
  rowsImported: z.number().int(),
  rowsRejected: z.number().int(),
  /** The first rejects (all of them are in the project's import log). */
  rejects: z.array(rowRejectSchema),
  mapping: z.array(columnMappingSchema),
  /** Run and human imports: examples of the project this file has no row for. */
  examplesWithout: z.number().int(),
  notes: z.array(z.string()),
  elapsedMs: z.number(),
  rowsPerSec: z.number(),
});
export type ImportSummary = z.infer<typeof importSummarySchema>;
