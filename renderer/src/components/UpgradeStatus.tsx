import { upgradedNotice, upgradeNotice } from '../../../shared/upgrade-notice.ts';
import { useUi } from '../stores/ui.ts';

/** An old project file's one-time upgrade: why this open takes a while, then that it is done. */
export function UpgradeStatus() {
  const upgrade = useUi((s) => s.upgrade);
  const setUpgrade = useUi((s) => s.setUpgrade);
  if (!upgrade) return null;
  return (
    <p className="upgrade-status" role="status">
      {upgrade.done ? upgradedNotice(upgrade.info) : upgradeNotice(upgrade.info)}
      {upgrade.done && (
        <>
          {' '}
          <button type="button" className="link" onClick={() => setUpgrade(null)}>
            Dismiss
          </button>
        </>
      )}
    </p>
  );
}
