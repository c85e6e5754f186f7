import type { TimingPoint, TimingStats } from '@sipwatch/wire';
import { formatClock, formatCount } from '@sipwatch/wire/metrics';
import { formatDelay } from '@sipwatch/wire/metrics';

/** The lines of the timing chart, in the legend's order. */
export const TIMING_LINES = [
  { key: 'pddP95', metric: 'pdd', quantile: 'p95', label: 'PDD p95' },
  { key: 'setupP95', metric: 'setup', quantile: 'p95', label: 'Setup p95' },
  { key: 'pddP50', metric: 'pdd', quantile: 'p50', label: 'PDD p50' },
  { key: 'setupP50', metric: 'setup', quantile: 'p50', label: 'Setup p50' },
] as const;

export type TimingLine = (typeof TIMING_LINES)[number];
export type TimingLineKey = TimingLine['key'];

/** One step as the chart draws it: delays in ms (null: no call in the step, a gap) and call counts. */
export type TimingChartRow = {
  /** Start of the step, epoch ms. */
  t: number;
  /** Calls that rang in the step (PDD's calls). */
  pddCount: number;
  /** Calls with a final response in the step (setup time's calls). */
  setupCount: number;
} & Record<TimingLineKey, number | null>;

/** A step without calls has no delay: null, never 0, so the line breaks instead of dropping to the axis. */
function delay(stats: TimingStats, quantile: 'p50' | 'p95'): number | null {
  const v = stats[quantile];
  return stats.count > 0 && v !== null && Number.isFinite(v) ? v : null;
}

/** The server's series (oldest first, empty steps included) as chart rows, one per step. */
export function timingChartRows(series: readonly TimingPoint[]): TimingChartRow[] {
  return series.map((p) => ({
    t: p.at,
    pddCount: p.pdd.count,
    setupCount: p.setup.count,
    pddP50: delay(p.pdd, 'p50'),
    pddP95: delay(p.pdd, 'p95'),
    setupP50: delay(p.setup, 'p50'),
    setupP95: delay(p.setup, 'p95'),
  }));
}

/** True when at least one step timed a call: otherwise there is nothing to draw. */
export function hasTimedSteps(rows: readonly TimingChartRow[]): boolean {
  return rows.some((r) => r.pddCount > 0 || r.setupCount > 0);
}

/**
 * True when the row's value stands between two gaps: a line draws nothing for a lone point, so
 * the chart marks it with a dot (a quiet trunk timing one call every few minutes is all lone points).
 */
export function isLonePoint(rows: readonly TimingChartRow[], index: number, key: TimingLineKey): boolean {
  const present = (i: number) => {
    const v = rows[i]?.[key];
    return v !== null && v !== undefined;
  };
  return present(index) && !present(index - 1) && !present(index + 1);
}

/** The step with the highest value of a line (the earliest on a tie), or null when the line is empty. */
export function peakOf(
  rows: readonly TimingChartRow[],
  key: TimingLineKey,
): { t: number; value: number } | null {
  let peak: { t: number; value: number } | null = null;
  for (const r of rows) {
    const v = r[key];
    if (v !== null && (peak === null || v > peak.value)) peak = { t: r.t, value: v };
  }
  return peak;
}

/** The chart in words, for its accessible name: where each p95 peaked, and when. */
export function timingPeaksText(rows: readonly TimingChartRow[]): string {
  const part = (label: string, key: TimingLineKey, none: string) => {
    const peak = peakOf(rows, key);
    return peak ? `${label} highest ${formatDelay(peak.value)} at ${formatClock(peak.t)}` : none;
  };
  return [
    part('PDD p95', 'pddP95', 'no call rang'),
    part('setup p95', 'setupP95', 'no call got a final response'),
  ].join(', ');
}

/** One metric of one step in words, for the tooltip: "PDD p95 4.2 s, p50 1.8 s (40 calls rang)". */
export function timingStepText(row: TimingChartRow, metric: 'pdd' | 'setup'): string {
  const pdd = metric === 'pdd';
  const count = pdd ? row.pddCount : row.setupCount;
  const p95 = pdd ? row.pddP95 : row.setupP95;
  const p50 = pdd ? row.pddP50 : row.setupP50;
  const name = pdd ? 'PDD' : 'Setup';
  if (count === 0 || p95 === null) return pdd ? 'PDD: no call rang' : 'Setup: no timed call';
  const calls = `${formatCount(count)} ${count === 1 ? 'call' : 'calls'}${pdd ? ' rang' : ''}`;
  return `${name} p95 ${formatDelay(p95)}, p50 ${formatDelay(p50)} (${calls})`;
}

/** The highest delay any line reaches (0 for none): the top of the chart's y axis. */
export function maxDelay(rows: readonly TimingChartRow[]): number {
  let max = 0;
  for (const r of rows) for (const { key } of TIMING_LINES) max = Math.max(max, r[key] ?? 0);
  return max;
}
