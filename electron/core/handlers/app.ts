import { existsSync } from 'node:fs';
import { HeadroomError } from '../errors.ts';
import { forgetRecent, listRecent } from '../app/recent.ts';
import { ensureSampleCsv, samplePaths } from '../sample/sample-files.ts';
import type { HandlerGroup, ServiceState } from './state.ts';

/**
 * The start screen's methods. app.openSample goes back through the service, so opening and
 * importing the sample are the same validated paths (and record the project as recent) as any
 * other project.
 */
export function appHandlers(
  state: ServiceState,
): HandlerGroup<'app.recent' | 'app.forgetRecent' | 'app.openSample'> {
  const dir = (): string => {
    if (!state.configDir) {
      throw new HeadroomError('INVALID_INPUT', 'This engine has no config folder for app data.');
    }
    return state.configDir;
  };
  return {
    async 'app.recent'() {
      return { projects: state.configDir ? listRecent(state.configDir) : [] };
    },
    async 'app.forgetRecent'({ path }) {
      forgetRecent(dir(), path);
      state.emit('app.recentChanged', {});
      return {};
    },
    async 'app.openSample'() {
      const { project } = samplePaths(dir());
      if (!existsSync(project)) {
        const file = ensureSampleCsv(dir());
        await state.call('imports.run', { project, file });
      }
      return await state.call('project.open', { path: project });
    },
  };
}
