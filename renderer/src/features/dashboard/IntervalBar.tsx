/** A value with its 95% interval, drawn as a small bar on a [min, max] scale (a tick at origin). */
export function IntervalBar({
  value,
  ci,
  min = 0,
  max = 1,
  origin,
}: {
  value: number | null;
  ci: [number, number] | null;
  min?: number;
  max?: number;
  origin?: number;
}) {
  if (value === null) return null;
  const w = 48;
  const x = (v: number) => ((Math.min(max, Math.max(min, v)) - min) / (max - min || 1)) * w;
  return (
    <svg className="interval" width={w} height={10} aria-hidden="true">
      <line x1={0} x2={w} y1={5} y2={5} className="interval-axis" />
      {origin !== undefined && (
        <line x1={x(origin)} x2={x(origin)} y1={1} y2={9} className="interval-axis" />
      )}
      {ci && (
        <rect
          x={x(ci[0])}
          width={Math.max(1, x(ci[1]) - x(ci[0]))}
          y={2}
          height={6}
          className="interval-ci"
        />
      )}
      <line x1={x(value)} x2={x(value)} y1={0} y2={10} className="interval-mark" />
    </svg>
  );
}
