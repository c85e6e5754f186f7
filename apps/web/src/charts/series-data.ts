import { SIP_CLASSES } from '@sipwatch/codes';
import type { SipClass } from '@sipwatch/codes';
import type { SeriesPoint, ServerGap } from '@sipwatch/wire';
import { failureRate, formatClock, formatPercent, formatRate } from '@sipwatch/wire/metrics';

/**
 * One point as the class chart draws it: per-second rates per class and the failure rate. Rates
 * are null where the server was not running (see breakAtGaps): no data, not no traffic.
 */
export type ChartPoint = {
  t: number;
  /** Responses per second over the bucket. */
  total: number | null;
  /** The KPI over the bucket (failures / counted finals), 0..1; null without counted finals. */
  failureRate: number | null;
} & Record<SipClass, number | null>;

interface Acc {
  t: number;
  byClass: Record<SipClass, number>;
  responses: number;
  countedFinals: number;
  failures: number;
  /** Data actually present inside the bucket, ms (edges and gaps make it shorter than the step). */
  start: number;
  end: number;
}

function emptyClasses(): Record<SipClass, number> {
  return { '1xx': 0, '2xx': 0, '3xx': 0, '4xx': 0, '5xx': 0, '6xx': 0 };
}

/**
 * Re-buckets points of width `inputStepMs` into buckets of `stepMs` aligned to the epoch, so the
 * buckets stay put while new data arrives. Rates divide by the time the bucket's data covers:
 * the first and last (partial) buckets are not under-reported.
 */
export function toChartPoints(
  points: readonly SeriesPoint[],
  inputStepMs: number,
  stepMs: number,
): ChartPoint[] {
  const step = Math.max(stepMs, inputStepMs);
  const out: ChartPoint[] = [];
  let acc: Acc | undefined;
  const flush = (a: Acc): void => {
    const seconds = Math.max(inputStepMs, a.end - a.start) / 1000;
    const point = {
      t: a.t,
      total: a.responses / seconds,
      failureRate: failureRate(a),
    };
    const rates = emptyClasses();
    for (const cls of SIP_CLASSES) rates[cls] = a.byClass[cls] / seconds;
    out.push({ ...point, ...rates });
  };
  for (const p of points) {
    const t = Math.floor(p.t / step) * step;
    if (!acc || acc.t !== t) {
      if (acc) flush(acc);
      acc = { t, byClass: emptyClasses(), responses: 0, countedFinals: 0, failures: 0, start: p.t, end: p.t };
    }
    for (const cls of SIP_CLASSES) acc.byClass[cls] += p.byClass[cls] ?? 0;
    acc.responses += p.responses;
    acc.countedFinals += p.countedFinals;
    acc.failures += p.failures;
    acc.end = Math.min(t + step, p.t + inputStepMs);
  }
  if (acc) flush(acc);
  return out;
}

/** A long live window: older history from REST, then the socket's 1-second ring. */
export function joinHistoryAndLive(
  history: readonly SeriesPoint[],
  historyStepMs: number,
  live: readonly SeriesPoint[],
  stepMs: number,
): ChartPoint[] {
  const first = live[0];
  if (!first) return toChartPoints(history, historyStepMs, stepMs);
  const boundary = Math.ceil(first.t / stepMs) * stepMs;
  const older = history.filter((p) => p.t + historyStepMs <= boundary);
  // Live seconds history does not cover (it may end earlier, or be empty) stay in.
  const last = older[older.length - 1];
  const covered = last ? last.t + historyStepMs : -Infinity;
  const newer = live.filter((p) => p.t >= boundary || p.t >= covered);
  return [...toChartPoints(older, historyStepMs, stepMs), ...toChartPoints(newer, 1_000, stepMs)];
}

/** A bucket at most this much of which the server ran is drawn as a gap. */
const GAP_BUCKET_SHARE = 0.9;

/**
 * The points whose bucket [t, t + stepMs) lies (nearly) all in a span the server was not running,
 * blanked: charts break their lines and areas there instead of drawing traffic falling to zero.
 */
export function breakAtGaps<T extends { t: number }>(
  points: readonly T[],
  stepMs: number,
  gaps: readonly ServerGap[] | undefined,
  blank: (p: T) => T,
): T[] {
  if (!gaps || gaps.length === 0) return [...points];
  return points.map((p) => {
    const end = p.t + stepMs;
    let missing = 0;
    for (const g of gaps) missing += Math.max(0, Math.min(end, g.to) - Math.max(p.t, g.from));
    return missing >= GAP_BUCKET_SHARE * stepMs ? blank(p) : p;
  });
}

export const blankChartPoint = (p: ChartPoint): ChartPoint => ({
  t: p.t,
  total: null,
  failureRate: null,
  '1xx': null,
  '2xx': null,
  '3xx': null,
  '4xx': null,
  '5xx': null,
  '6xx': null,
});

export const blankRate = (p: { t: number; rate: number | null }) => ({ t: p.t, rate: null });

/**
 * The gaps of several answers within [from, to), oldest first, overlapping ones merged: answers
 * fetched a few seconds apart see the same gap end at slightly different moments.
 */
export function gapsWithin(
  from: number,
  to: number,
  ...lists: (readonly ServerGap[] | undefined)[]
): ServerGap[] {
  const clipped = lists
    .flatMap((list) => list ?? [])
    .map((g) => ({ from: Math.max(from, g.from), to: Math.min(to, g.to) }))
    .filter((g) => g.to > g.from)
    .sort((a, b) => a.from - b.from);
  const merged: ServerGap[] = [];
  for (const g of clipped) {
    const last = merged.at(-1);
    if (last && g.from <= last.to) last.to = Math.max(last.to, g.to);
    else merged.push({ ...g });
  }
  return merged;
}

/** Points within [from, to). */
export function within(points: readonly SeriesPoint[], from: number, to = Infinity): SeriesPoint[] {
  return points.filter((p) => p.t >= from && p.t < to);
}

/** One code's count per second, per display bucket. */
export function codeRates(
  points: readonly SeriesPoint[],
  code: number,
  inputStepMs: number,
  stepMs: number,
): { t: number; rate: number | null }[] {
  const key = String(code);
  const step = Math.max(stepMs, inputStepMs);
  const out: { t: number; rate: number | null }[] = [];
  let cur: { t: number; n: number; start: number; end: number } | undefined;
  const flush = (c: NonNullable<typeof cur>): void => {
    out.push({ t: c.t, rate: c.n / (Math.max(inputStepMs, c.end - c.start) / 1000) });
  };
  for (const p of points) {
    const t = Math.floor(p.t / step) * step;
    if (!cur || cur.t !== t) {
      if (cur) flush(cur);
      cur = { t, n: 0, start: p.t, end: p.t };
    }
    cur.n += p.byCode[key] ?? 0;
    cur.end = Math.min(t + step, p.t + inputStepMs);
  }
  if (cur) flush(cur);
  return out;
}

/** Sparkline values: a fixed number of bins over the points, each a sum or a ratio. */
export function binned<T>(
  values: readonly T[],
  bins: number,
  pick: (chunk: readonly T[]) => number | null,
): (number | null)[] {
  if (values.length === 0) return [];
  const size = Math.max(1, Math.ceil(values.length / bins));
  const out: (number | null)[] = [];
  for (let i = 0; i < values.length; i += size) out.push(pick(values.slice(i, i + size)));
  return out;
}

/** "Server not running 12:05:00–12:15:00." for each gap, or nothing. */
export function describeGaps(gaps: readonly ServerGap[] | undefined): string {
  if (!gaps || gaps.length === 0) return '';
  const spans = gaps.map((g) => `${formatClock(g.from)}–${formatClock(g.to)}`);
  return `Server not running ${spans.join(', ')}: no data there, not zero traffic.`;
}

/**
 * The class chart in words, for its text alternative: the peak and latest responses per second
 * and failure rate, with when, and when the server was not running. Empty data reads as such.
 */
export function describeChart(points: readonly ChartPoint[], gaps?: readonly ServerGap[]): string {
  const down = describeGaps(gaps);
  const drawn = points.filter((p): p is ChartPoint & { total: number } => p.total !== null);
  if (drawn.length === 0) return down || 'No data in the range.';
  let peak = drawn[0]!;
  let worst: ChartPoint | undefined;
  for (const p of drawn) {
    if (p.total > peak.total) peak = p;
    if (p.failureRate !== null && (worst === undefined || p.failureRate > worst.failureRate!)) worst = p;
  }
  const last = drawn.at(-1)!;
  const lastRated = [...drawn].reverse().find((p) => p.failureRate !== null);
  const parts = [
    `Peak ${formatRate(peak.total)} responses per second at ${formatClock(peak.t)}, latest ${formatRate(last.total)} at ${formatClock(last.t)}.`,
  ];
  if (worst && lastRated)
    parts.push(
      `Failure rate peaked at ${formatPercent(worst.failureRate)} at ${formatClock(worst.t)}, latest ${formatPercent(lastRated.failureRate)}.`,
    );
  else parts.push('No final responses, so no failure rate.');
  if (down) parts.push(down);
  return parts.join(' ');
}
