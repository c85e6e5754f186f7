import { formatDateTime } from '@sipwatch/wire/metrics';
import { LineSwatch } from './line-style';
import { TIMING_LINES, timingStepText } from './timing-series';
import type { TimingChartRow } from './timing-series';

/** Each metric's p95 line, whose look the tooltip repeats next to its text. */
const METRICS = [
  { metric: 'pdd', line: TIMING_LINES[0] },
  { metric: 'setup', line: TIMING_LINES[1] },
] as const;

/** The hovered step: its start, each delay's p95 and p50, and how many calls they cover. */
export function TimingTooltip({
  active,
  payload,
}: {
  active?: boolean;
  payload?: readonly { payload?: unknown }[];
}) {
  const row = payload?.[0]?.payload as TimingChartRow | undefined;
  if (!active || !row) return null;
  return (
    <div className="chart-tooltip">
      <p className="chart-tooltip-time">{formatDateTime(row.t)}</p>
      {METRICS.map(({ metric, line }) => (
        <p key={metric}>
          <LineSwatch line={line} />
          {timingStepText(row, metric)}
        </p>
      ))}
    </div>
  );
}
