import { describe, expect, it } from 'vitest';
import {
  nextLaunchStep,
  summariseInstallerOutput,
  type LaunchFacts,
} from '../../electron/launcher/launch-plan.ts';

const none: LaunchFacts = {
  binary: null,
  installTried: false,
  installError: null,
  forceBrowser: false,
};

describe('npm start: Electron, its installer once, or the browser mode', () => {
  it('runs Electron when its binary is there', () => {
    expect(nextLaunchStep({ ...none, binary: '/x/electron' })).toEqual({
      do: 'electron',
      binary: '/x/electron',
    });
  });

  it('tries the installer once when the binary is missing', () => {
    expect(nextLaunchStep(none)).toEqual({ do: 'install' });
    expect(nextLaunchStep({ ...none, installTried: true, binary: '/x/electron' }).do).toBe(
      'electron',
    );
  });

  it('falls back to the browser mode with one line saying why', () => {
    const step = nextLaunchStep({
      ...none,
      installTried: true,
      installError: 'TypeError: fetch failed',
    });
    expect(step.do).toBe('browser');
    const reason = step.do === 'browser' ? step.reason : '';
    expect(reason).toContain('TypeError: fetch failed');
    expect(reason).toContain('browser mode');
    expect(reason).not.toContain('\n');
  });

  it('the browser mode on request, whatever is installed', () => {
    expect(nextLaunchStep({ ...none, binary: '/x/electron', forceBrowser: true }).do).toBe(
      'browser',
    );
  });

  it('HEADROOM_NO_DOWNLOAD=1 never runs the installer: Electron if installed, else the browser mode', () => {
    const step = nextLaunchStep({ ...none, noDownload: true });
    expect(step.do).toBe('browser');
    expect(step.do === 'browser' ? step.reason : '').toContain('HEADROOM_NO_DOWNLOAD=1');
    expect(nextLaunchStep({ ...none, noDownload: true, binary: '/x/electron' }).do).toBe(
      'electron',
    );
  });

  it("summarises an installer's stack trace to its message", () => {
    const out = `Downloading Electron binary...\nTypeError: fetch failed\n    at node:internal/deps/undici:1:1\n    at async FetchDownloader.download (x.js:46:30)\n`;
    expect(summariseInstallerOutput(out)).toBe('TypeError: fetch failed');
    expect(summariseInstallerOutput('')).toBe('the installer printed nothing');
    expect(summariseInstallerOutput('E'.repeat(500))).toHaveLength(201);
  });
});
