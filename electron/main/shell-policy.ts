/**
 * Small decisions of the main process, pure so they are tested under Node: which requests the
 * session lets through, what a renderer crash does, which argument of a second instance is a file.
 */

/** session.webRequest.onBeforeRequest (S-15): only the app's own schemes; DevTools when unpackaged. */
export function isAllowedRequest(url: string, isPackaged: boolean): boolean {
  let protocol: string;
  try {
    protocol = new URL(url).protocol;
  } catch {
    return false;
  }
  if (protocol === 'app:' || protocol === 'media:') return true;
  return protocol === 'devtools:' && !isPackaged;
}

export type RenderGoneReason =
  | 'clean-exit'
  | 'abnormal-exit'
  | 'killed'
  | 'crashed'
  | 'oom'
  | 'launch-failed'
  | 'integrity-failure'
  | 'memory-eviction';

export interface RenderGoneAction {
  reload: boolean;
  /** Shown to the user after the reload (everything acknowledged is in the project file). */
  notice: string | null;
}

/**
 * `render-process-gone` (D-07): the page reloads and rehydrates from the engine, which holds the
 * project; nothing acknowledged is lost since every edit is committed as it happens. A clean exit
 * (the window closing) does nothing; a page that cannot start is not reloaded in a loop.
 */
export function onRenderProcessGone(
  reason: RenderGoneReason | string,
  recentReloads: number,
): RenderGoneAction {
  if (reason === 'clean-exit') return { reload: false, notice: null };
  if (recentReloads >= 3 || reason === 'launch-failed' || reason === 'integrity-failure') {
    return {
      reload: false,
      notice: `The window stopped (${reason}) several times; restart Headroom. Your saved work is in the project file.`,
    };
  }
  const why =
    reason === 'oom'
      ? 'ran out of memory'
      : reason === 'killed'
        ? 'was killed'
        : reason === 'crashed'
          ? 'crashed'
          : `stopped (${reason})`;
  return {
    reload: true,
    notice: `The window ${why} and was reloaded. Every saved edit is kept.`,
  };
}

const OPENABLE = /\.(headroom|csv|tsv|jsonl|ndjson|parquet)$/i;

/**
 * The file a (second) instance was started with: the last argument that is not a switch and names
 * a project or data file. Chromium appends its own switches to argv, so order is not reliable.
 */
export function pathFromArgv(argv: readonly string[]): string | null {
  for (let i = argv.length - 1; i >= 1; i--) {
    const a = argv[i] as string;
    if (!a.startsWith('-') && OPENABLE.test(a)) return a;
  }
  return null;
}
