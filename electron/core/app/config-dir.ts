import { homedir } from 'node:os';
import { join } from 'node:path';

/**
 * Where the app keeps its own small files (recent projects, the sample): Electron passes its
 * userData folder to the data host; the browser mode uses $XDG_CONFIG_HOME/headroom or
 * ~/.config/headroom. Tests pass a temp folder to createService and never reach this.
 */
export function defaultConfigDir(
  env: NodeJS.ProcessEnv = process.env,
  home: string = homedir(),
): string {
  const xdg = env.XDG_CONFIG_HOME;
  return xdg && xdg.startsWith('/') ? join(xdg, 'headroom') : join(home, '.config', 'headroom');
}
