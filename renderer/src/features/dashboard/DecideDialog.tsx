import { useQuery } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { formatCount } from '../../../../shared/format.ts';
import type { Decision } from '../../../../shared/decisions.ts';
import type { SliceFigures } from '../../../../shared/report.ts';
import { useApi } from '../../api/context.tsx';
import { ChoiceDialog } from '../../components/ChoiceDialog.tsx';
import { dialogOpen, isTyping, matches, SHORTCUTS } from '../../keyboard/shortcuts.ts';
import { useUi } from '../../stores/ui.ts';
import '../decisions/decisions.css';
import { parsePct } from './HlpEditor.tsx';
import { pct } from './format.ts';
import { useSettingMutation } from '../../components/use-setting-mutation.ts';

const DECIDE_KEYS = SHORTCUTS.find((s) => s.id === 'decide')?.keys ?? 'd';

/**
 * The dashboard's "d": decide on the slice whose table row holds the focus, else on the first
 * slice shown (the top of the ranking).
 */
export function useDecideKey(shown: SliceFigures[], decide: (s: SliceFigures) => void): void {
  const latest = useRef({ shown, decide });
  latest.current = { shown, decide };
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (!matches(e, DECIDE_KEYS) || isTyping(e.target) || dialogOpen()) return;
      const { shown: slices, decide: open } = latest.current;
      const row = document.activeElement?.closest('tr[data-slice]')?.getAttribute('data-slice');
      const slice = slices.find((s) => s.id === row) ?? slices[0];
      if (!slice) return;
      e.preventDefault();
      open(slice);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}

const OWNER_KEY = 'headroom.decisionOwner';

/** Half the width of a 95% interval, or null without one. */
const halfWidth = (ci: [number, number] | null) => (ci ? (ci[1] - ci[0]) / 2 : null);

/**
 * "To halve the interval of the accuracy (±4.1 points) you need 1,203 more examples": the sample
 * size planner (plan.slice, analysis.md section 9) for the slice the lead is deciding on.
 */
function PlanLine({ slice, run }: { slice: SliceFigures; run: string }) {
  const api = useApi();
  const labels = useUi((s) => s.labels);
  const projectPath = useUi((s) => s.projectPath);
  const hw = halfWidth(slice.accuracy_ci);
  const target = hw !== null && hw > 0 ? Math.min(0.5, hw / 2) : null;
  const plan = useQuery({
    queryKey: ['plan', projectPath, run, labels, slice.id, target],
    queryFn: () =>
      api.call('plan.slice', {
        slice: slice.id,
        figure: 'accuracy',
        halfWidth: target as number,
        run,
        labels,
      }),
    enabled: target !== null,
  });
  if (target === null || hw === null) {
    return <p className="decide-plan">No interval of the accuracy to plan from.</p>;
  }
  const now = `±${(hw * 100).toFixed(1)} points`;
  if (plan.isPending) return <p className="decide-plan">Planning the sample size…</p>;
  if (plan.isError) return <p className="decide-plan error">{plan.error.message}</p>;
  const p = plan.data;
  return (
    <p className="decide-plan" role="note" aria-label="Sample size plan">
      {p.n_more === null
        ? `The accuracy's interval (${now}) cannot be halved: ${p.reason ?? 'no sample size reaches it'}.`
        : `To halve the interval of the accuracy (${now} to ±${(target * 100).toFixed(1)}) you need ${formatCount(p.n_more, 'more example')} (${p.n_needed_total?.toLocaleString('en-US') ?? '–'} in all, now ${p.n_now.toLocaleString('en-US')}).`}
    </p>
  );
}

/**
 * Decide on a slice (issue #17): owner, why, an optional due date and the expected gain (the
 * slice's potential gain unless changed). Saved with decisions.add in the dashboard's run; the
 * engine's refusal is shown in place and the dialog stays open.
 */
export function DecideDialog({
  slice,
  run,
  onDone,
  onClose,
}: {
  slice: SliceFigures;
  run: string;
  onDone(decision: Decision): void;
  onClose(): void;
}) {
  const api = useApi();
  const labels = useUi((s) => s.labels);
  const [owner, setOwner] = useState(() => localStorage.getItem(OWNER_KEY) ?? '');
  const [why, setWhy] = useState('');
  const [due, setDue] = useState('');
  const [gain, setGain] = useState(
    slice.potential_gain === null ? '' : (Math.max(0, slice.potential_gain) * 100).toFixed(2),
  );
  const mutation = useSettingMutation(onClose);
  const gainValue = gain.trim() === '' ? null : parsePct(gain);
  const invalid =
    owner.trim() === '' || why.trim() === '' || (gain.trim() !== '' && gainValue === null);
  const save = () => {
    if (invalid) return;
    void mutation.run(
      () =>
        api.call('decisions.add', {
          slice: slice.id,
          owner: owner.trim(),
          why: why.trim(),
          run,
          labels,
          ...(due !== '' ? { due } : {}),
          ...(gainValue !== null ? { expectedGain: gainValue } : {}),
        }),
      (out) => {
        localStorage.setItem(OWNER_KEY, owner.trim());
        onDone(out.decision);
      },
    );
  };
  const edit =
    (set: (v: string) => void) =>
    (e: { target: { value: string } }): void => {
      set(e.target.value);
      mutation.clearError();
    };
  return (
    <ChoiceDialog
      title={`Decide on ${slice.name}`}
      choices={[{ label: 'Save decision', onPick: save }]}
      disabled={invalid || mutation.busy}
      onClose={onClose}
    >
      <p className="note">
        {run}: accuracy {pct(slice.accuracy)}, gap {pct(slice.gap)}, potential gain{' '}
        {pct(slice.potential_gain, 2)} (n = {slice.n.toLocaleString('en-US')}). The decision keeps
        these figures; the Decisions screen compares them with a later run.
      </p>
      <div className="decide-form">
        <label htmlFor="decide-owner">Owner</label>
        <input
          id="decide-owner"
          autoFocus
          value={owner}
          maxLength={200}
          onChange={edit(setOwner)}
          onKeyDown={(e) => {
            if (e.key === 'Enter') save();
          }}
        />
        <label htmlFor="decide-why">Why</label>
        <textarea
          id="decide-why"
          value={why}
          maxLength={10_000}
          placeholder="What the team will do about this slice, and why"
          onChange={edit(setWhy)}
          onKeyDown={(e) => {
            if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) save();
          }}
        />
        <label htmlFor="decide-due">Due (optional)</label>
        <input id="decide-due" type="date" value={due} onChange={edit(setDue)} />
        <label htmlFor="decide-gain">Expected gain (%)</label>
        <input
          id="decide-gain"
          inputMode="decimal"
          value={gain}
          aria-invalid={gain.trim() !== '' && gainValue === null}
          title="Points of overall accuracy the team expects (prefilled with the potential gain)"
          onChange={edit(setGain)}
        />
      </div>
      <PlanLine slice={slice} run={run} />
      {mutation.error && (
        <p className="error" role="alert">
          {mutation.error}
        </p>
      )}
    </ChoiceDialog>
  );
}
