import { useApi } from '../../api/context.tsx';
import { formatCount } from '../../../../shared/format.ts';
import { NameDialog } from '../../components/NameDialog.tsx';

/**
 * Saves the filter's rule expression as a named rule slice: it then has its figures on the
 * dashboard and can be picked in the Slice filter.
 */
export function SaveRuleDialog(props: {
  expression: string;
  onSaved(text: string): void;
  onClose(): void;
}) {
  const api = useApi();
  return (
    <NameDialog
      title="Save the rule as a slice"
      label="Name of the slice"
      action="Save"
      onSave={async (name) => {
        const r = await api.call('rules.add', { name, expression: props.expression });
        props.onSaved(
          `Saved the rule slice "${r.name}" (${formatCount(r.n, 'example')}): it is on the dashboard`,
        );
      }}
      onClose={props.onClose}
    >
      <p>
        <code>{props.expression}</code>
      </p>
    </NameDialog>
  );
}
