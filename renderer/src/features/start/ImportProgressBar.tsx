import type { ImportProgress } from '../../../../shared/imports.ts';
import { timeLeft } from './import-logic.ts';

/** Rows read, speed and time left of a running import. */
export function ImportProgressBar({ progress }: { progress: ImportProgress | null }) {
  const pct = progress && progress.totalBytes > 0 ? progress.bytes / progress.totalBytes : 0;
  const left = progress ? timeLeft(progress) : null;
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
      <span>
        {progress
          ? `${progress.again ? 'Reading again (the file repeats ids): ' : ''}${progress.rows.toLocaleString('en-US')} rows, ${Math.round(progress.rowsPerSec).toLocaleString('en-US')} rows/s${left ? `, ${left}` : ''}`
          : 'Starting…'}
      </span>
    </div>
  );
}
