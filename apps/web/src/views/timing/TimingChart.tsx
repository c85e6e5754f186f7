import { memo, useMemo } from 'react';
import { CartesianGrid, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { TimingPoint } from '@sipwatch/wire';
import { timeAxisProps } from '../../charts/time-axis';
import { formatAge, formatDelay } from '@sipwatch/wire/metrics';
import { delayTicks } from './delay-axis';
import { LineSwatch, lineStyle } from './line-style';
import { TimingTooltip } from './TimingTooltip';
import {
  TIMING_LINES,
  hasTimedSteps,
  isLonePoint,
  maxDelay,
  timingChartRows,
  timingPeaksText,
} from './timing-series';
import type { TimingChartRow, TimingLine } from './timing-series';

const HEIGHT = 180;

function loneDot(rows: readonly TimingChartRow[], line: TimingLine) {
  const style = lineStyle(line);
  return function LoneDot({ index, cx, cy }: { index: number; cx?: number; cy?: number }) {
    if (cx === undefined || cy === undefined || !isLonePoint(rows, index, line.key)) return null;
    return <circle cx={cx} cy={cy} r={style.strokeWidth + 1.5} fill={style.stroke} stroke="none" />;
  };
}

/**
 * PDD and setup time, p95 and p50, step by step over the window: when calls started to ring or
 * connect late. Steps without calls are gaps (never zero). Nothing at all without a timed call.
 */
export const TimingChart = memo(function TimingChart({
  series,
  stepMs,
  spanMs,
  scope,
}: {
  series: readonly TimingPoint[];
  stepMs: number;
  spanMs: number;
  /** What the series covers, in words: "last 15 min, all trunks". */
  scope: string;
}) {
  const rows = useMemo(() => timingChartRows(series), [series]);
  const ticks = useMemo(() => delayTicks(maxDelay(rows)), [rows]);
  if (!hasTimedSteps(rows)) return null;
  const step = formatAge(stepMs);
  return (
    <>
      <figure
        className="chart"
        aria-label={`Post-dial delay and setup time per ${step} step, p95 and p50, ${scope}: ${timingPeaksText(rows)}`}
        data-testid="timing-chart"
        data-steps={rows.length}
      >
        <ResponsiveContainer width="100%" height={HEIGHT}>
          <LineChart data={rows} margin={{ top: 8, right: 8, bottom: 0, left: 0 }}>
            <CartesianGrid stroke="var(--grid)" strokeDasharray="3 3" />
            {/* A little room on the right: the newest step's dot sits on the edge. */}
            <XAxis {...timeAxisProps(spanMs)} padding={{ right: 6 }} />
            <YAxis
              domain={[0, ticks.at(-1) ?? 'auto']}
              ticks={ticks}
              stroke="var(--muted)"
              tick={{ fontSize: 12, fill: 'var(--muted)' }}
              width={52}
              tickFormatter={(v: number) => (v === 0 ? '0' : formatDelay(v))}
            />
            <Tooltip content={TimingTooltip} isAnimationActive={false} />
            {/* Drawn last to first: the p95 lines on top. */}
            {TIMING_LINES.toReversed().map((line) => {
              const { stroke, strokeWidth, strokeDasharray, strokeOpacity } = lineStyle(line);
              return (
                <Line
                  key={line.key}
                  type="linear"
                  dataKey={line.key}
                  name={line.label}
                  stroke={stroke}
                  strokeWidth={strokeWidth}
                  strokeDasharray={strokeDasharray}
                  strokeOpacity={strokeOpacity}
                  connectNulls={false}
                  dot={loneDot(rows, line)}
                  activeDot={{ r: 3 }}
                  isAnimationActive={false}
                />
              );
            })}
          </LineChart>
        </ResponsiveContainer>
      </figure>
      <ul className="legend timing-legend" aria-label="Legend: call setup timing" data-testid="timing-legend">
        {TIMING_LINES.map((line) => (
          <li key={line.key}>
            <LineSwatch line={line} />
            {line.label} ({lineStyle(line).description})
          </li>
        ))}
        <li className="legend-count">Per {step} step; a gap is a step without timed calls.</li>
      </ul>
    </>
  );
});
