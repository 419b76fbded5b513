import { IMPORT_KINDS } from '../../../../shared/role-names.ts';
import type { ImportKind } from '../../../../shared/roles.ts';
import { desktop } from '../../api/desktop.ts';
import { shortcutHint } from '../../keyboard/shortcuts.ts';

/**
 * Where the file goes: a new project's path (Save as… in the desktop app), or, into an open
 * project, what the file adds and its name; then Import, and Cancel while it runs.
 */
export function ImportTargetForm(props: {
  into: string | null;
  target: string;
  onTarget(target: string): void;
  kind: ImportKind;
  onKind(kind: ImportKind): void;
  name: string;
  onName(name: string): void;
  /** Why the last import into `target` failed, shown at the field so it can be corrected. */
  targetError: string | null;
  ready: boolean;
  busy: boolean;
  onRun(): void;
  onCancel(): void;
}) {
  const { into, target } = props;
  const shell = desktop();
  const chooseTarget = async () => {
    const picked = await shell?.dialog({
      kind: 'save',
      purpose: 'newProject',
      defaultPath: target,
    });
    if (picked?.path) props.onTarget(picked.path);
  };
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        props.onRun();
      }}
    >
      {into === null && (
        <div className="save-as">
          <label htmlFor="save-project-as">Save project as</label>
          <input
            id="save-project-as"
            placeholder="/path/to/new.headroom"
            value={target}
            spellCheck={false}
            aria-invalid={props.targetError ? true : undefined}
            aria-describedby={props.targetError ? 'save-project-error' : 'save-project-hint'}
            onChange={(e) => props.onTarget(e.target.value)}
          />
          {shell && (
            <button type="button" onClick={() => void chooseTarget()}>
              Save as…
            </button>
          )}
          {props.targetError ? (
            <span id="save-project-error" className="field-error" role="alert">
              {props.targetError}
            </span>
          ) : (
            <span id="save-project-hint" className="field-hint note">
              By default in your Documents folder (Documents/Headroom), or your home folder when
              there is none; never beside the data file.
            </span>
          )}
        </div>
      )}
      {into && (
        <>
          <select
            aria-label="What the file adds"
            value={props.kind}
            onChange={(e) => props.onKind(e.target.value as ImportKind)}
          >
            {IMPORT_KINDS.filter((k) => k !== 'examples').map((k) => (
              <option key={k} value={k}>
                {k}
              </option>
            ))}
          </select>
          <input
            aria-label="Name (of the run or human set)"
            placeholder="name"
            value={props.name}
            onChange={(e) => props.onName(e.target.value)}
          />
        </>
      )}
      <button
        type="submit"
        className="primary"
        disabled={!props.ready}
        title={shortcutHint('import-run', 'Import')}
      >
        Import
      </button>
      {props.busy && (
        <button
          type="button"
          title={shortcutHint('import-cancel', 'Cancel the import')}
          onClick={props.onCancel}
        >
          Cancel
        </button>
      )}
    </form>
  );
}
