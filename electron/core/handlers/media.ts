import { dirname } from 'node:path';
import { projectCacheDir } from '../media/thumbnail.ts';
import { HeadroomError, quote } from '../errors.ts';
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
      return { root, input: row.input, cache: projectCacheDir(path) };
    },
  };
}
