import { memo } from 'react';

export interface SparklineProps {
  values: readonly (number | null)[];
  label: string;
  width?: number;
  height?: number;
}

/** The SVG path of a sparkline; gaps (null) break the line. Exported for tests. */
export function sparkPath(values: readonly (number | null)[], width: number, height: number): string {
  const finite = values.filter((v): v is number => v !== null && Number.isFinite(v));
  if (finite.length === 0) return '';
  const min = Math.min(...finite, 0);
  const max = Math.max(...finite);
  const span = max - min || 1;
  const dx = values.length > 1 ? width / (values.length - 1) : 0;
  let d = '';
  let pen = false;
  values.forEach((v, i) => {
    if (v === null || !Number.isFinite(v)) {
      pen = false;
      return;
    }
    const x = (i * dx).toFixed(1);
    const y = (height - 1 - ((v - min) / span) * (height - 2)).toFixed(1);
    d += `${pen ? 'L' : 'M'}${x} ${y}`;
    pen = true;
  });
  return d;
}

/** A tiny trend line; hand-drawn SVG, cheaper than a chart per tile. */
export const Sparkline = memo(function Sparkline({
  values,
  label,
  width = 120,
  height = 28,
}: SparklineProps) {
  const d = sparkPath(values, width, height);
  return (
    <svg
      className="sparkline"
      role="img"
      aria-label={label}
      viewBox={`0 0 ${width} ${height}`}
      preserveAspectRatio="none"
      width="100%"
      height={height}
    >
      {d && (
        <path d={d} fill="none" stroke="currentColor" strokeWidth={1.5} vectorEffect="non-scaling-stroke" />
      )}
    </svg>
  );
});
