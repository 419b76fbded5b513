import { resolve } from 'node:path';
import { openProjectDb } from '../db/project-file.ts';
import { projectInfo } from '../project/info.ts';
import { projectNotices } from '../project/notices.ts';
import {
  closeProject,
  current,
  openedProject,
  type HandlerGroup,
  type ServiceState,
} from './state.ts';

export function projectHandlers(
  state: ServiceState,
): HandlerGroup<
  'project.open' | 'project.close' | 'project.info' | 'project.notices' | 'runs.list'
> {
  return {
    async 'project.open'({ path }) {
      const abs = resolve(path);
      if (state.open && state.open.path !== abs) {
        closeProject(state.open);
        state.open = null;
      }
      state.open ??= openedProject(abs, openProjectDb(abs));
      return projectInfo(state.open.db, state.open.path);
    },
    async 'project.close'() {
      if (state.open) closeProject(state.open);
      state.open = null;
      return {};
    },
    async 'project.info'() {
      const p = current(state);
      return projectInfo(p.db, p.path);
    },
    async 'project.notices'() {
      const p = current(state);
      return { notices: projectNotices(p.db, p.path) };
    },
    async 'runs.list'() {
      const runs = current(state)
        .db.prepare<[], { id: number; name: string }>('SELECT id, name FROM runs ORDER BY id')
        .all();
      return { runs };
    },
  };
}
