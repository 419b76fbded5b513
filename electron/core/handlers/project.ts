import { resolve } from 'node:path';
import { closeProjectDb, openProjectDb } from '../db/project-file.ts';
import { projectInfo } from '../project/info.ts';
import { current, type HandlerGroup, type ServiceState } from './state.ts';

export function projectHandlers(
  state: ServiceState,
): HandlerGroup<'project.open' | 'project.close' | 'project.info'> {
  return {
    async 'project.open'({ path }) {
      const abs = resolve(path);
      if (state.open && state.open.path !== abs) {
        closeProjectDb(state.open.db);
        state.open = null;
      }
      state.open ??= { path: abs, db: openProjectDb(abs), indexes: new Map() };
      return projectInfo(state.open.db, state.open.path);
    },
    async 'project.close'() {
      if (state.open) closeProjectDb(state.open.db);
      state.open = null;
      return {};
    },
    async 'project.info'() {
      const p = current(state);
      return projectInfo(p.db, p.path);
    },
  };
}
