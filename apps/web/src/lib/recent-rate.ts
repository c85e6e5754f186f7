import type { SeriesPoint } from '@sipwatch/wire';

/**
 * The rate a NOC reads as "now": the mean of the newest one-second points, not the window's
 * total divided by the window's length (which, on a server up for 20 seconds, shows 40/s of traffic
 * as 0.9/s over 15 minutes). Pure.
 */

export interface RecentRate {
  perSec: number;
  /** How many seconds the mean covers; the label says so. */
  seconds: number;
}

export const RECENT_SECONDS = 60;
/** Traffic that began a moment ago is averaged over at least this many seconds, not one. */
const MIN_SECONDS = 10;

/**
 * Mean responses per second over the last `maxSeconds` one-second points of a live series
 * (oldest first). When the series shows no traffic at all before some second inside that span
 * (a server that just started, or a link that just woke up), the mean covers only the seconds
 * since then, and at least MIN_SECONDS, so the tile agrees with the chart. Null without points.
 */
export function recentRate(
  series: readonly SeriesPoint[],
  maxSeconds = RECENT_SECONDS,
  pick: (p: SeriesPoint) => number = (p) => p.responses,
): RecentRate | null {
  const last = series[series.length - 1];
  if (!last) return null;
  const firstTraffic = series.find((p) => pick(p) > 0);
  const since = firstTraffic ? Math.floor((last.t - firstTraffic.t) / 1000) + 1 : maxSeconds;
  const span = Math.min(maxSeconds, Math.max(MIN_SECONDS, since));
  const from = last.t - (span - 1) * 1000;
  let total = 0;
  let seconds = 0;
  for (let i = series.length - 1; i >= 0 && series[i]!.t >= from; i--) {
    total += pick(series[i]!);
    seconds += 1;
  }
  return { perSec: total / seconds, seconds };
}
