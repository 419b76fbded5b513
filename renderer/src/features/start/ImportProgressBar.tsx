import type { ImportProgress } from '../../../../shared/imports.ts';
import { progressLabel } from './import-logic.ts';

/** Rows read, speed and time left of a running import; then that it is finishing. */
export function ImportProgressBar({ progress }: { progress: ImportProgress | null }) {
  const pct = progress && progress.totalBytes > 0 ? progress.bytes / progress.totalBytes : 0;
  return (
    <div
      className="progress"
      role="progressbar"
      aria-label="Import progress"
      aria-valuenow={Math.round(pct * 100)}
      aria-valuemin={0}
      aria-valuemax={100}
    >
      <div className="progress-fill" style={{ width: `${pct * 100}%` }} />
      <span>{progressLabel(progress)}</span>
    </div>
  );
}
