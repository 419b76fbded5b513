import { z } from 'zod';

export { COLUMN_ROLES } from './role-names.ts';
import { COLUMN_ROLES, IMPORT_KINDS } from './role-names.ts';

export const columnRoleSchema = z.enum(COLUMN_ROLES);
export type ColumnRole = z.infer<typeof columnRoleSchema>;

export { IMPORT_KINDS } from './role-names.ts';
export const importKindSchema = z.enum(IMPORT_KINDS);
export type ImportKind = z.infer<typeof importKindSchema>;

export const METADATA_KINDS = ['categorical', 'numeric', 'text'] as const;
export type MetadataKind = (typeof METADATA_KINDS)[number];

/**
 * Columns that hold the answer key of label-error studies. They are never imported as inputs: a
 * tool that read them would be grading itself with the answers.
 */
export function isAnswerKeyColumn(name: string): boolean {
  const n = name.toLowerCase();
  return n.startsWith('mturk_') || n === 'label_error_confirmed' || n === 'corrected_label';
}
