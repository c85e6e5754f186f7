import type { TimingLine } from './timing-series';

/**
 * How a timing line is drawn. Colour is never the only cue: PDD is solid, setup time dashed, p95
 * thick and p50 thin, and the legend says so in words. The colours follow the theme (styles.css).
 */
export function lineStyle(line: TimingLine) {
  const p95 = line.quantile === 'p95';
  const dashed = line.metric === 'setup';
  return {
    stroke: line.metric === 'pdd' ? 'var(--timing-pdd)' : 'var(--timing-setup)',
    strokeWidth: p95 ? 2.5 : 1.25,
    strokeDasharray: dashed ? '6 3' : undefined,
    strokeOpacity: p95 ? 1 : 0.8,
    description: `${p95 ? 'thick' : 'thin'}, ${dashed ? 'dashed' : 'solid'}`,
  };
}

/** A short stretch of the line as the chart draws it, for the legend and the tooltip. */
export function LineSwatch({ line }: { line: TimingLine }) {
  const { stroke, strokeWidth, strokeDasharray, strokeOpacity } = lineStyle(line);
  return (
    <svg className="line-swatch" width="24" height="10" viewBox="0 0 24 10" aria-hidden="true">
      <line
        x1="0"
        y1="5"
        x2="24"
        y2="5"
        stroke={stroke}
        strokeWidth={strokeWidth}
        strokeDasharray={strokeDasharray}
        strokeOpacity={strokeOpacity}
      />
    </svg>
  );
}
