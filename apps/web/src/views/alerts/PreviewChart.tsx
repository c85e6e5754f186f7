import { memo } from 'react';
import {
  CartesianGrid,
  Line,
  LineChart,
  ReferenceArea,
  ReferenceLine,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import type { BacktestResult } from '@sipwatch/wire';
import { formatDateTime, formatDuration, formatMetricValue } from '@sipwatch/wire/metrics';
import { timeAxisProps } from '../../charts/time-axis';
import { TOOLTIP_STYLE } from '../../charts/tooltip-style';
import { chartStart } from './preview-text';
import type { PreviewedRule } from './preview-text';

/**
 * The replayed metric minute by minute against the rule's threshold (and recovery threshold), with
 * the minutes it would have been firing shaded. Minutes without data are gaps, not zeros. The
 * figures are also in the words beside it, which are the chart's text alternative.
 */
export const PreviewChart = memo(function PreviewChart({
  result,
  rule,
  describedBy,
}: {
  result: BacktestResult;
  rule: PreviewedRule;
  describedBy: string;
}) {
  const from = chartStart(result);
  const data = result.points.filter((p) => p.at >= from).map((p) => ({ t: p.at, v: p.value }));
  const spanMs = result.to - from;
  const fmt = (v: number) => formatMetricValue(rule.metric, v);
  return (
    <figure
      className="preview-chart"
      role="img"
      aria-label="The rule replayed against its threshold"
      aria-describedby={describedBy}
    >
      <ResponsiveContainer width="100%" height={180}>
        <LineChart data={data} margin={{ top: 16, right: 16, bottom: 0, left: 0 }}>
          <CartesianGrid stroke="var(--grid)" strokeDasharray="3 3" />
          <XAxis {...timeAxisProps(spanMs)} domain={[from, result.to]} />
          <YAxis
            stroke="var(--muted)"
            tick={{ fontSize: 12, fill: 'var(--muted)' }}
            width={64}
            tickFormatter={fmt}
            domain={[0, (max: number) => Math.max(max, rule.threshold, rule.recoverAt ?? 0) * 1.1 || 1]}
          />
          {result.intervals.map((i) => (
            <ReferenceArea
              key={i.from}
              x1={Math.max(i.from, from)}
              x2={i.to ?? result.to}
              fill="var(--bad)"
              fillOpacity={0.18}
              ifOverflow="visible"
            />
          ))}
          <ReferenceLine
            y={rule.threshold}
            stroke="var(--bad)"
            strokeDasharray="6 3"
            label={{
              value: `threshold ${fmt(rule.threshold)}`,
              position: 'insideTopRight',
              fill: 'var(--fg)',
              fontSize: 12,
            }}
          />
          {rule.recoverAt !== undefined && (
            <ReferenceLine
              y={rule.recoverAt}
              stroke="var(--muted)"
              strokeDasharray="2 3"
              label={{
                value: `recover at ${fmt(rule.recoverAt)}`,
                position: 'insideBottomRight',
                fill: 'var(--fg)',
                fontSize: 12,
              }}
            />
          )}
          <Tooltip
            {...TOOLTIP_STYLE}
            labelFormatter={(t) => formatDateTime(Number(t))}
            formatter={(v) => (v === null || v === undefined ? 'no data' : fmt(Number(v)))}
          />
          <Line
            type="linear"
            dataKey="v"
            name="Value"
            stroke="var(--accent)"
            dot={false}
            connectNulls={false}
            isAnimationActive={false}
          />
        </LineChart>
      </ResponsiveContainer>
      {from > result.from && (
        <figcaption className="muted">
          Shown from {formatDateTime(from)}, shortly before the first minute with data; the replay covers{' '}
          {formatDuration(result.to - result.from)}.
        </figcaption>
      )}
    </figure>
  );
});
