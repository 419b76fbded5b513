import type { Reference } from '../../../../shared/baselines.ts';
import { desktop } from '../../api/desktop.ts';
import { useUi } from '../../stores/ui.ts';
import { referenceName } from '../../../../shared/figure-names.ts';

/**
 * No slice has a baseline to measure a gap against (no human labels, no target, no other run):
 * the ranking is the reason the tool exists, so say how to get one instead of a table of dashes.
 */
export function NoBaseline({
  reference,
  onTarget,
}: {
  reference: Reference | undefined;
  onTarget(): void;
}) {
  const projectPath = useUi((s) => s.projectPath);
  const startImport = useUi((s) => s.startImport);
  const importFile = async () => {
    const shell = desktop();
    const picked = shell ? (await shell.dialog({ kind: 'open', purpose: 'data' })).path : '';
    if (picked !== null) startImport({ file: picked, into: projectPath });
  };
  return (
    <section className="call-to-action" aria-label="No baseline yet">
      <h2>No baseline yet: nothing to rank against</h2>
      <p>
        Headroom ranks slices by how far the model is below a baseline (gap × share). This project
        has none for the reference ({referenceName(reference)}). Give it one:
      </p>
      <ul>
        <li>
          <button type="button" className="primary" onClick={() => void importFile()}>
            Import human labels…
          </button>{' '}
          a file of human labels or votes for these examples (human-level performance).
        </li>
        <li>
          <button type="button" onClick={onTarget}>
            Enter a baseline…
          </button>{' '}
          a target for all slices or one slice: a published result, a requirement.
        </li>
        <li>
          <button type="button" onClick={() => void importFile()}>
            Import another run…
          </button>{' '}
          an older system or a quick baseline model, then pick it as the reference.
        </li>
      </ul>
    </section>
  );
}
