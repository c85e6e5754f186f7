import type { EventFilter, Explanation, LiveWindow } from '@sipwatch/wire';
import { EXPLAIN_REFRESH_MS } from '../lib/now-band';
import { useQuery } from './react';

/**
 * The spike attribution (GET /api/v1/explain) of a live window, asked again every
 * EXPLAIN_REFRESH_MS, or of a fixed range, asked once. `null` asks nothing.
 */
export function useExplanation(
  range: LiveWindow | { from: number; to: number } | null,
  filter: EventFilter,
): Explanation | undefined {
  const live = typeof range === 'string';
  const key =
    range === null ? null : `explain:${live ? range : `${range.from}-${range.to}`}:${JSON.stringify(filter)}`;
  return useQuery<Explanation>(
    key,
    (api, signal) => api.explain({ ...(live ? { window: range } : range!), filter }, signal),
    live ? EXPLAIN_REFRESH_MS : undefined,
  ).data;
}
