import { memo } from 'react';
import { Area, AreaChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { formatDateTime, formatRate } from '../lib/format';
import { timeAxisProps } from './time-axis';

/** One code's responses per second over the range. Animation off: live data streams into it. */
export const CodeRateChart = memo(function CodeRateChart({
  data,
  spanMs,
  color,
  height = 220,
}: {
  data: { t: number; rate: number }[];
  spanMs: number;
  color: string;
  height?: number;
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
        <Tooltip
          contentStyle={{ background: 'var(--panel)', border: '1px solid var(--border)', color: 'var(--fg)' }}
          labelFormatter={(t) => formatDateTime(Number(t))}
          formatter={(v) => `${formatRate(Number(v))}/s`}
        />
        <Area
          type="linear"
          dataKey="rate"
          name="Responses per second"
          stroke={color}
          fill={color}
          fillOpacity={0.5}
          isAnimationActive={false}
          dot={false}
        />
      </AreaChart>
    </ResponsiveContainer>
  );
});
