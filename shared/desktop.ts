import { z } from 'zod';

/**
 * What the desktop shell adds to the contract: native dialogs and the path of a dropped file. The
 * preload implements DesktopApi; main validates every dialog request with dialogRequestSchema; the
 * renderer uses it when window.headroom exists (the browser mode has a path box instead).
 */
export const dialogPurposeSchema = z.enum(['data', 'project', 'newProject', 'report']);
export type DialogPurpose = z.infer<typeof dialogPurposeSchema>;

export const dialogRequestSchema = z
  .object({
    /** open: pick an existing file; save: choose where a new file goes. */
    kind: z.enum(['open', 'save']),
    purpose: dialogPurposeSchema,
    /** A suggested path or file name (save dialogs). */
    defaultPath: z.string().min(1).max(4096).optional(),
  })
  .strict();
export type DialogRequest = z.infer<typeof dialogRequestSchema>;

/** The chosen path, or null when the user cancelled. */
export type DialogResult = { path: string | null };

/** Commands from the native menu (and the second instance), pushed as the `app.command` event. */
export const appCommandSchema = z.enum([
  'project.newFromFile',
  'project.open',
  'project.openPath',
  'project.import',
  'report.export',
  'edit.undo',
  'edit.redo',
  'help.shortcuts',
]);
export type AppCommand = z.infer<typeof appCommandSchema>;

export const appCommandEventSchema = z.object({
  command: appCommandSchema,
  /** project.openPath: the file to open (Open Recent, a second instance's argument). */
  path: z.string().max(4096).optional(),
});
export type AppCommandEvent = z.infer<typeof appCommandEventSchema>;

/** A file dropped on the window: the page's DOM File (shared/ itself has no DOM types). */
export interface DroppedFile {
  readonly name: string;
  readonly size: number;
}

/** The one object the preload exposes as window.headroom. */
export interface DesktopApi {
  call(method: string, input: unknown): Promise<unknown>;
  onEvent(listener: (message: unknown) => void): () => void;
  dialog(request: DialogRequest): Promise<DialogResult>;
  /** The file system path of a File dropped on the window (Electron's webUtils). */
  pathForFile(file: DroppedFile): string;
}
