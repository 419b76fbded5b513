import {
  dialogRequestSchema,
  type DialogPurpose,
  type DialogRequest,
} from '../../shared/desktop.ts';

/** Electron's OpenDialogOptions / SaveDialogOptions, the parts we use. */
interface CommonOptions {
  title: string;
  defaultPath?: string;
  filters: { name: string; extensions: string[] }[];
}
export type DialogOptions =
  | { kind: 'open'; options: CommonOptions & { properties: 'openFile'[] } }
  | {
      kind: 'save';
      options: CommonOptions & { properties: ('createDirectory' | 'showOverwriteConfirmation')[] };
    };

const FILTERS: Record<DialogPurpose, CommonOptions['filters']> = {
  data: [
    {
      name: 'Predictions (CSV, JSONL, Parquet)',
      extensions: ['csv', 'tsv', 'jsonl', 'ndjson', 'parquet'],
    },
  ],
  project: [{ name: 'Headroom project', extensions: ['headroom'] }],
  newProject: [{ name: 'Headroom project', extensions: ['headroom'] }],
  report: [
    { name: 'Markdown', extensions: ['md'] },
    { name: 'CSV', extensions: ['csv'] },
    { name: 'JSON', extensions: ['json'] },
  ],
};

const TITLES: Record<DialogPurpose, string> = {
  data: 'Choose a file of predictions',
  project: 'Open a Headroom project',
  newProject: 'Save the new project as',
  report: 'Export the report as',
};

/**
 * The `headroom:dialog` channel's input, validated (anything else is refused), and the options of
 * the native dialog it opens. The page chooses only the purpose; filters and titles are ours.
 */
export function dialogOptions(
  raw: unknown,
): { ok: true; request: DialogRequest; dialog: DialogOptions } | { ok: false; message: string } {
  const parsed = dialogRequestSchema.safeParse(raw);
  if (!parsed.success) {
    return { ok: false, message: `dialog: invalid request (${parsed.error.issues[0]?.message})` };
  }
  const request = parsed.data;
  if (request.defaultPath?.includes('\0')) return { ok: false, message: 'dialog: invalid path' };
  const common: CommonOptions = {
    title: TITLES[request.purpose],
    filters: FILTERS[request.purpose],
    ...(request.defaultPath ? { defaultPath: request.defaultPath } : {}),
  };
  const dialog: DialogOptions =
    request.kind === 'open'
      ? { kind: 'open', options: { ...common, properties: ['openFile'] } }
      : {
          kind: 'save',
          options: { ...common, properties: ['createDirectory', 'showOverwriteConfirmation'] },
        };
  return { ok: true, request, dialog };
}
