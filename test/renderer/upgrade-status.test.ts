import { describe, expect, it } from 'vitest';
import { upgradedNotice, upgradeNotice } from '../../shared/upgrade-notice.ts';
import { useUi } from '../../renderer/src/stores/ui.ts';

/**
 * The app's line about an old project's upgrade (renderer/src/components/UpgradeStatus.tsx): told
 * while it runs, done once that project is open, gone when another opens or the open fails.
 */
const info = {
  path: '/p/old.headroom',
  from: 14,
  to: 15,
  bytes: 158_000_000,
  rewrites: ['the examples table'],
};

describe('the upgrade line', () => {
  it('running, then done when its project opens, then dismissed', () => {
    useUi.getState().setUpgrade({ info, done: false });
    expect(upgradeNotice(info)).toBe(
      '/p/old.headroom: upgrading the project file from schema 14 to 15, once: rewriting the examples table (a 158 MB file; large projects take a while, and an interruption leaves the file as it was)',
    );
    useUi.getState().setProject(info.path);
    expect(useUi.getState().upgrade).toEqual({ info, done: true });
    expect(upgradedNotice(info)).toBe(
      '/p/old.headroom: the project file was upgraded from schema 14 to 15, once (the examples table rewritten); it opens at full speed from now on',
    );
    useUi.getState().setUpgrade(null);
    expect(useUi.getState().upgrade).toBeNull();
  });

  it('another project opened, or a failed open, ends it', () => {
    useUi.getState().setUpgrade({ info, done: false });
    useUi.getState().setProject('/p/other.headroom');
    expect(useUi.getState().upgrade).toBeNull();
    useUi.getState().setUpgrade({ info, done: false });
    useUi.getState().setNotice('/p/old.headroom: the project is damaged (SQLITE_CORRUPT).');
    expect(useUi.getState().upgrade).toBeNull();
    // Clearing a notice leaves a running upgrade alone.
    useUi.getState().setUpgrade({ info, done: false });
    useUi.getState().setNotice(null);
    expect(useUi.getState().upgrade).toEqual({ info, done: false });
  });
});
