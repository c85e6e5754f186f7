import type { TimingResponse, TimingRow, TimingSummary } from '@sipwatch/wire';
import type { QueryState } from '../../api/react';
import { hasNoTiming } from '../timing/TimingTable';

/** How many trunks the wall names as the slowest to ring. */
export const WALL_WORST_TRUNKS = 3;
/** A trunk is ranked only with this many rang calls behind its p95: one slow call is not a trend. */
export const WALL_MIN_RANKED_CALLS = 5;

/** What the wall's call timing block shows. */
export interface WallTimingModel {
  total: TimingSummary;
  /** Slowest to ring first; empty when the view is narrowed to one trunk. */
  worst: TimingRow[];
  /** The figures are not being refreshed: say so rather than show them as current. */
  stale: boolean;
  /** Server time the figures were computed at. */
  asOf: number;
}

/**
 * The `n` trunks with the highest PDD p95, slowest first, among those with at least
 * WALL_MIN_RANKED_CALLS rang calls; on equal p95 the trunk with more calls behind it comes first,
 * then by name.
 */
export function worstTrunksByPdd(rows: readonly TimingRow[], n: number): TimingRow[] {
  return rows
    .filter(
      (r): r is TimingRow & { pdd: { p95: number } } =>
        r.pdd.p95 !== null && r.pdd.count >= WALL_MIN_RANKED_CALLS,
    )
    .sort((a, b) => b.pdd.p95 - a.pdd.p95 || b.pdd.count - a.pdd.count || a.trunk.localeCompare(b.trunk))
    .slice(0, n);
}

/**
 * The block's content, or null when there is nothing to show: no answer yet, no answer at all, or
 * no call timed (an install without HEP capture), so the wall stays as it was. A live view whose
 * last refresh failed, or whose socket dropped, keeps its figures but marks them stale.
 */
export function wallTiming(
  query: QueryState<TimingResponse>,
  ctx: { live: boolean; disconnected: boolean; trunkFiltered: boolean },
): WallTimingModel | null {
  const data = query.data;
  if (!data || hasNoTiming(data)) return null;
  return {
    total: data.total,
    worst: ctx.trunkFiltered ? [] : worstTrunksByPdd(data.trunks, WALL_WORST_TRUNKS),
    stale: ctx.live && (query.error !== undefined || ctx.disconnected),
    asOf: data.window.to,
  };
}
