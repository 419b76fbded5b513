import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { storedPathProblem } from '../media/open-media-file.ts';
import { projectCacheDir } from '../media/thumbnail.ts';
import { HeadroomError, quote } from '../errors.ts';
import { checkMediaPath } from '../media/open-media-file.ts';
import { current, type HandlerGroup, type ServiceState } from './state.ts';

export function mediaHandlers(state: ServiceState): HandlerGroup<'media.locate'> {
  return {
    async 'media.locate'({ id }) {
      const { db, path } = current(state);
      const row = db
        .prepare<[string], { input: string | null }>('SELECT input FROM examples WHERE id = ?')
        .get(id);
      if (!row) throw new HeadroomError('NOT_FOUND', `No example with id ${quote(id)}.`);
      // The folder of the examples file, stored absolute at import (meta.media_root); older
      // projects fall back to the first examples import's file.
      const stored = db
        .prepare<[], { value: string }>("SELECT value FROM meta WHERE key = 'media_root'")
        .get()?.value;
      const file = db
        .prepare<[], { file: string }>(
          "SELECT file FROM imports WHERE kind = 'examples' ORDER BY id LIMIT 1",
        )
        .get()?.file;
      const root = stored ?? (file ? dirname(file) : null);
      const input = row.input;
      const checked = root !== null && input ? await checkMediaPath(root, input) : null;
      const problem = checked && !checked.ok ? checked.reason : null;
      // Whether the stored path names a file under the folder (for the UI's "file not found under"
      // hint on inputs that look like paths); null when it is no such path.
      const exists =
        root !== null && input !== null && storedPathProblem(input) === null
          ? existsSync(join(root, input.replace(/\\/g, '/')))
          : null;
      return { root, input, problem, cache: projectCacheDir(path), exists };
    },
  };
}
