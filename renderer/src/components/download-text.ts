/** Saves an export the engine made as a file: the browser's download (a save dialog in Electron). */
export function downloadText(file: { filename: string; mime: string; text: string }): void {
  const url = URL.createObjectURL(new Blob([file.text], { type: file.mime }));
  const a = document.createElement('a');
  a.href = url;
  a.download = file.filename;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
