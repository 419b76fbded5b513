import { desktop } from './desktop.ts';

/** A file the engine made for the user to keep (an export, the memo). */
export interface MadeFile {
  filename: string;
  mime: string;
  text: string;
}

/**
 * The one home of "save this text as a file", for every export in the UI: in the desktop app a
 * native save dialog, then `saveTo` (the engine writes the chosen path); in the browser mode a
 * download named `file.filename`. Answers what to tell the user ("Saved /home/ana/c10.md",
 * "Downloaded c10.md"; with `what`, "Saved 52 examples to /home/ana/x.csv", "Downloaded 52
 * examples as x.csv"), or null when the save dialog was cancelled.
 */
export async function saveFile(
  file: MadeFile,
  saveTo: (path: string) => Promise<unknown>,
  what?: string,
): Promise<string | null> {
  const shell = desktop();
  if (shell) {
    const { path } = await shell.dialog({
      kind: 'save',
      purpose: 'report',
      defaultPath: file.filename,
    });
    if (!path) return null;
    await saveTo(path);
    return what === undefined ? `Saved ${path}` : `Saved ${what} to ${path}`;
  }
  const url = URL.createObjectURL(new Blob([file.text], { type: file.mime }));
  const a = document.createElement('a');
  a.href = url;
  a.download = file.filename;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
  return what === undefined
    ? `Downloaded ${file.filename}`
    : `Downloaded ${what} as ${file.filename}`;
}
