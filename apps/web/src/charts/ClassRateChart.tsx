import { TOOLTIP_STYLE } from './tooltip-style';
import { memo, useCallback, useState } from 'react';
import {
  Area,
  Brush,
  CartesianGrid,
  ComposedChart,
  Line,
  ReferenceLine,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { CLASS_NAMES, SIP_CLASSES } from '@sipwatch/codes';
import type { SipClass } from '@sipwatch/codes';
import { CLASS_COLORS, FAILURE_LINE } from '../lib/palette';
import { formatAxisTime, formatDateTime, formatPercent, formatRate } from '@sipwatch/wire/metrics';
import type { ServerGap } from '@sipwatch/wire';
import { gapBands } from './gap-bands';
import type { ChartPoint } from './series-data';
import { timeAxisProps } from './time-axis';

export interface BrushRange {
  from: number;
  to: number;
  /** True when the brush covers every point (nothing selected). */
  full: boolean;
}

export interface ClassRateChartProps {
  data: ChartPoint[];
  spanMs: number;
  stepMs: number;
  /** Pixels, or "100%" to fill a parent that has a height. */
  height: number | `${number}%`;
  /** Classes drawn; finals-only views may leave out 1xx. */
  classes?: readonly SipClass[];
  brush?: boolean;
  onBrush?: (range: BrushRange) => void;
  /** Larger axis type for the wall. */
  large?: boolean;
  /** Alert thresholds, drawn on the failure-rate axis (see views/alerts/chart-alerts.ts). */
  thresholds?: readonly { key: string; y: number; label: string; severity: 'warning' | 'critical' }[];
  /** Alert transitions (fired, resolved), marked on the time axis. */
  marks?: readonly { key: string; t: number; label: string; state: string }[];
  /** Spans the server was not running: shaded and labelled (the data there should be blank). */
  gaps?: readonly ServerGap[];
}

const pct = (v: number) => formatPercent(v, 0);

/**
 * Responses per second by class (stacked areas, Okabe-Ito colours) and the failure rate (line,
 * right axis). Animation is off: the series streams once per tick and must not replay a transition.
 */
/**
 * How much larger the wall's type is than at 1920×1080: the same rule as its root font size in
 * styles.css, from the window's size (the style is not there yet at the chart's first render, and
 * the axis measures its labels once).
 */
function wallScale(): number {
  if (typeof window === 'undefined' || !window.innerWidth) return 1;
  return Math.max(0.7, Math.min(window.innerWidth / 1920, window.innerHeight / 1080));
}

export const ClassRateChart = memo(function ClassRateChart({
  data,
  spanMs,
  stepMs,
  height,
  classes = SIP_CLASSES,
  brush = false,
  onBrush,
  large = false,
  thresholds,
  marks,
  gaps,
}: ClassRateChartProps) {
  // On the wall the type scales with the screen (twice as large on a 3840×2160 wall).
  const scale = large ? wallScale() : 1;
  const fontSize = large ? Math.round(18 * scale) : 12;
  // Room for a four-character tick ("60.0", "1.2k") beside the rotated axis title, at any size.
  const axisWidth = Math.round(fontSize * 4.4);
  const [selected, setSelected] = useState<{ from: number; to: number } | null>(null);
  const handleBrush = useCallback(
    (range: { startIndex?: number; endIndex?: number }) => {
      if (!onBrush || range.startIndex === undefined || range.endIndex === undefined) return;
      const first = data[range.startIndex];
      const last = data[range.endIndex];
      if (!first || !last) return;
      setSelected({ from: first.t, to: last.t + stepMs });
      onBrush({
        from: first.t,
        to: last.t + stepMs,
        full: range.startIndex === 0 && range.endIndex === data.length - 1,
      });
    },
    [data, onBrush, stepMs],
  );

  return (
    <ResponsiveContainer width="100%" height={height} minHeight={large ? 100 : 160}>
      <ComposedChart data={data} margin={{ top: 8, right: 8, bottom: 0, left: 0 }}>
        <CartesianGrid stroke="var(--grid)" strokeDasharray="3 3" />
        <XAxis {...timeAxisProps(spanMs, fontSize)} minTickGap={40 * scale} height={Math.round(30 * scale)} />
        <YAxis
          yAxisId="rate"
          stroke="var(--muted)"
          tick={{ fontSize, fill: 'var(--muted)' }}
          width={axisWidth}
          tickFormatter={(v: number) => formatRate(v)}
          label={{ value: 'per second', angle: -90, position: 'insideLeft', fill: 'var(--muted)', fontSize }}
        />
        <YAxis
          yAxisId="pct"
          orientation="right"
          domain={[0, (max: number) => Math.min(1, Math.max(0.1, max * 1.2))]}
          tickFormatter={pct}
          stroke="var(--muted)"
          tick={{ fontSize, fill: 'var(--muted)' }}
          width={axisWidth}
        />
        {gapBands(gaps, data, fontSize, 'rate')}
        <Tooltip
          {...TOOLTIP_STYLE}
          labelFormatter={(t) => formatDateTime(Number(t))}
          formatter={(value, name) =>
            name === 'Failure rate' ? formatPercent(Number(value)) : `${formatRate(Number(value))}/s`
          }
        />
        {classes.map((cls) => (
          <Area
            key={cls}
            type="linear"
            dataKey={cls}
            name={`${cls} ${CLASS_NAMES[cls]}`}
            yAxisId="rate"
            stackId="classes"
            stroke={CLASS_COLORS[cls]}
            fill={CLASS_COLORS[cls]}
            fillOpacity={0.55}
            isAnimationActive={false}
            dot={false}
            activeDot={false}
            connectNulls={false}
          />
        ))}
        <Line
          type="linear"
          dataKey="failureRate"
          name="Failure rate"
          yAxisId="pct"
          stroke={FAILURE_LINE}
          strokeWidth={large ? 3 : 2}
          strokeDasharray="6 3"
          dot={false}
          isAnimationActive={false}
          // A bucket with no counted finals has no rate: the line breaks there rather than
          // drawing a straight line across an outage as if the rate had held.
          connectNulls={false}
        />
        {thresholds?.map((th) => (
          <ReferenceLine
            key={`threshold-${th.key}`}
            yAxisId="pct"
            y={th.y}
            ifOverflow="extendDomain"
            stroke={th.severity === 'critical' ? 'var(--bad)' : 'var(--warn)'}
            strokeDasharray="2 4"
            strokeWidth={2}
            label={{ value: th.label, position: 'insideTopRight', fill: 'var(--fg)', fontSize }}
            className="threshold-line"
          />
        ))}
        {marks?.map((m) => (
          <ReferenceLine
            key={`mark-${m.key}`}
            yAxisId="pct"
            x={m.t}
            stroke={m.state === 'firing' ? 'var(--bad)' : 'var(--good)'}
            strokeWidth={2}
            label={{ value: m.state === 'firing' ? '▲' : '✓', position: 'top', fill: 'var(--fg)', fontSize }}
            className="alert-mark"
          />
        ))}
        {brush && data.length > 1 && (
          <Brush
            dataKey="t"
            height={24}
            stroke="var(--accent)"
            fill="var(--panel)"
            tickFormatter={(t: number) => formatAxisTime(t, spanMs)}
            onChange={handleBrush}
            // Recharts names both handles "Min value: undefined" without this.
            ariaLabel={
              selected
                ? `Zoom handles: ${formatDateTime(selected.from)} to ${formatDateTime(selected.to)}; move with the arrow keys`
                : 'Zoom handles: the whole range; move with the arrow keys to select a span'
            }
          />
        )}
      </ComposedChart>
    </ResponsiveContainer>
  );
});
