import { useState } from 'react';

/** The browser mode has no file dialog: the path of the file to import, typed. */
export function FileBox({ onFile }: { onFile(file: string): void }) {
  const [file, setFile] = useState('');
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        if (file.trim()) onFile(file.trim());
      }}
    >
      <input
        autoFocus
        aria-label="Predictions file"
        placeholder="/path/to/file.csv"
        value={file}
        onChange={(e) => setFile(e.target.value)}
      />
      <button type="submit" disabled={!file.trim()}>
        Preview
      </button>
    </form>
  );
}
