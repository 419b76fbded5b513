import { ownersOf, useOpenDecisions } from './use-decisions.ts';
import './decisions.css';

/** "◆ ana": the slice has an open decision, owned by ana (the tooltip says why). */
export function DecisionBadge({ slice }: { slice: string }) {
  const open = useOpenDecisions().get(slice);
  if (!open) return null;
  const owners = ownersOf(open);
  return (
    <span
      className="decision-badge"
      aria-label={`Open decision on ${slice}, owner ${owners}`}
      title={open.map((d) => `Decided ${d.at.slice(0, 10)} (${d.owner}): ${d.why}`).join('\n')}
    >
      ◆ {owners}
    </span>
  );
}

/** The same mark inside an SVG chart: a diamond (the tooltip says who and why). */
export function DecisionMark({
  slice,
  x,
  y,
  anchor = 'start',
}: {
  slice: string;
  x: number;
  y: number;
  anchor?: 'start' | 'middle';
}) {
  const open = useOpenDecisions().get(slice);
  if (!open) return null;
  const owners = ownersOf(open);
  return (
    <text
      x={x}
      y={y}
      textAnchor={anchor}
      className="decision-mark"
      aria-label={`Open decision, owner ${owners}`}
    >
      <title>{`Open decision (${owners}): ${open.map((d) => d.why).join(' / ')}`}</title>◆
    </text>
  );
}
