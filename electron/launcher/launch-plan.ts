/**
 * What `npm start` does next: run Electron when its binary is there, otherwise try Electron's own
 * installer once, and when that fails too, start the browser mode with one line saying why. Pure,
 * so the decision is tested under Node (test/electron/launch-plan.test.ts); start.ts does the I/O.
 */
export interface LaunchFacts {
  /** The Electron executable when it is installed (and exists), else null. */
  binary: string | null;
  /** Whether the installer already ran in this start. */
  installTried: boolean;
  /** The installer's failure, summarised, or null. */
  installError: string | null;
  /** HEADROOM_BROWSER=1 or `npm start -- --browser`: the browser mode whatever is installed. */
  forceBrowser: boolean;
  /** HEADROOM_NO_DOWNLOAD=1: never run Electron's installer (offline machines, CI). */
  noDownload?: boolean;
}

export type LaunchStep =
  { do: 'electron'; binary: string } | { do: 'install' } | { do: 'browser'; reason: string };

export function nextLaunchStep(f: LaunchFacts): LaunchStep {
  if (f.forceBrowser) return { do: 'browser', reason: 'browser mode requested' };
  if (f.binary) return { do: 'electron', binary: f.binary };
  if (f.noDownload)
    return {
      do: 'browser',
      reason:
        "Electron's binary is not installed and HEADROOM_NO_DOWNLOAD=1 forbids downloading it: starting the browser mode instead.",
    };
  if (!f.installTried) return { do: 'install' };
  return {
    do: 'browser',
    reason: `Electron's binary is not installed and its download failed (${f.installError ?? 'no binary after the installer ran'}): starting the browser mode instead.`,
  };
}

/** One line out of an installer's output: the first line that is not a stack frame, capped. */
export function summariseInstallerOutput(output: string): string {
  const line = output
    .split(/\r?\n/)
    .map((l) => l.trim())
    .find((l) => l !== '' && !l.startsWith('at ') && !/^Downloading Electron/i.test(l));
  if (!line) return 'the installer printed nothing';
  return line.length > 200 ? `${line.slice(0, 200)}…` : line;
}
