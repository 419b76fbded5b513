import { ChoiceDialog } from '../../components/ChoiceDialog.tsx';

export type ExportFormat = 'md' | 'csv' | 'json';

const FORMATS: { format: ExportFormat; label: string }[] = [
  { format: 'md', label: 'Markdown' },
  { format: 'csv', label: 'CSV' },
  { format: 'json', label: 'JSON' },
];

/** File > Export Report (Ctrl+E): the table's format, chosen from the keyboard or the mouse. */
export function ExportDialog(props: { onPick(format: ExportFormat): void; onClose(): void }) {
  return (
    <ChoiceDialog
      title="Export the table"
      choices={FORMATS.map((f) => ({ label: f.label, onPick: () => props.onPick(f.format) }))}
      onClose={props.onClose}
    >
      <p>The ranked table with every figure of this run and label set.</p>
    </ChoiceDialog>
  );
}
