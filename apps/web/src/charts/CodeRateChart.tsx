import { TOOLTIP_STYLE } from './tooltip-style';
import { memo } from 'react';
import {
  Area,
  AreaChart,
  CartesianGrid,
  ReferenceLine,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { formatDateTime, formatRate } from '@sipwatch/wire/metrics';
import type { ServerGap } from '@sipwatch/wire';
import { gapBands } from './gap-bands';
import { timeAxisProps } from './time-axis';

function labelSide(t: number, data: readonly { t: number }[]): 'insideTopLeft' | 'insideTopRight' {
  const first = data[0]?.t ?? t;
  const last = data.at(-1)?.t ?? t;
  return t > (first + last) / 2 ? 'insideTopRight' : 'insideTopLeft';
}

/** One code's responses per second over the range. Animation off: live data streams into it. */
export const CodeRateChart = memo(function CodeRateChart({
  data,
  spanMs,
  color,
  height = 220,
  marker,
  gaps,
}: {
  data: { t: number; rate: number | null }[];
  spanMs: number;
  color: string;
  height?: number;
  /** A moment to mark on the time axis, labelled (e.g. when the code's rise began). */
  marker?: { t: number; label: string } | undefined;
  /** Spans the server was not running: shaded and labelled (the data there should be blank). */
  gaps?: readonly ServerGap[] | undefined;
}) {
  return (
    <ResponsiveContainer width="100%" height={height}>
      <AreaChart data={data} margin={{ top: 8, right: 8, bottom: 0, left: 0 }}>
        <CartesianGrid stroke="var(--grid)" strokeDasharray="3 3" />
        <XAxis {...timeAxisProps(spanMs)} />
        <YAxis
          stroke="var(--muted)"
          tick={{ fontSize: 12, fill: 'var(--muted)' }}
          width={48}
          tickFormatter={(v: number) => formatRate(v)}
        />
        {gapBands(gaps, data, 12)}
        <Tooltip
          {...TOOLTIP_STYLE}
          labelFormatter={(t) => formatDateTime(Number(t))}
          formatter={(v) => `${formatRate(Number(v))}/s`}
        />
        {marker && (
          <ReferenceLine
            x={marker.t}
            stroke="var(--fg)"
            strokeDasharray="4 3"
            ifOverflow="hidden"
            // Written on the side with room: a marker near the right edge labels to its left.
            label={{
              value: marker.label,
              position: labelSide(marker.t, data),
              fill: 'var(--fg)',
              fontSize: 12,
            }}
            className="onset-marker"
          />
        )}
        <Area
          type="linear"
          dataKey="rate"
          name="Responses per second"
          stroke={color}
          fill={color}
          fillOpacity={0.5}
          isAnimationActive={false}
          dot={false}
          connectNulls={false}
        />
      </AreaChart>
    </ResponsiveContainer>
  );
});
