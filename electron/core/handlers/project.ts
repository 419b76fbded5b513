import { resolve } from 'node:path';
import { projectCacheDir, pruneThumbnails } from '../media/thumbnail.ts';
import { projectInfo } from '../project/info.ts';
import { projectNotices } from '../project/notices.ts';
import { OpenProject } from '../project/open-project.ts';
import { current, noteRecent, type HandlerGroup, type ServiceState } from './state.ts';

export function projectHandlers(
  state: ServiceState,
): HandlerGroup<'project.open' | 'project.close' | 'project.info' | 'project.notices'> {
  return {
    async 'project.open'({ path }) {
      const abs = resolve(path);
      if (state.open && state.open.path !== abs) {
        state.open.close();
        state.open = null;
      }
      if (!state.open) {
        state.open = OpenProject.open(abs, {
          onUpgrade: (u) => state.emit('project.upgrading', u),
        });
        // The thumbnail cache stays under its cap (least recently used go first).
        await pruneThumbnails(projectCacheDir(abs));
      }
      const open = state.open;
      const info = projectInfo(open.db, open.path, (runId) => open.indexAtHand(runId));
      noteRecent(state, info.path);
      return info;
    },
    async 'project.close'() {
      state.open?.close();
      state.open = null;
      return {};
    },
    async 'project.info'() {
      const p = current(state);
      return projectInfo(p.db, p.path, (runId) => p.indexAtHand(runId));
    },
    async 'project.notices'() {
      const p = current(state);
      return { notices: projectNotices(p.db, p.path) };
    },
  };
}
