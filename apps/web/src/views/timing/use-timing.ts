import type { TimingResponse } from '@sipwatch/wire';
import { useQuery } from '../../api/react';
import type { QueryState } from '../../api/react';
import type { ViewState } from '../../lib/view-state';
import { isLiveRange, resolveRange } from '../../lib/view-state';

const LIVE_REFRESH_MS = 10_000;

/**
 * GET /api/v1/timing for the view: a live range asks for its window (refreshed), a history range
 * for its bounds. Only the trunk filter applies: timing is kept per trunk.
 */
export function useTiming(view: ViewState, at: number): QueryState<TimingResponse> {
  const live = isLiveRange(view.range);
  const range = resolveRange(view, at);
  const trunk = view.filter.trunk;
  const key = live
    ? `timing:${view.range}:${trunk ?? ''}`
    : `timing:${range.from}:${range.to}:${trunk ?? ''}`;
  return useQuery(
    key,
    (api, signal) =>
      api.timing(
        isLiveRange(view.range) ? { window: view.range, trunk } : { from: range.from, to: range.to, trunk },
        signal,
      ),
    live ? LIVE_REFRESH_MS : undefined,
  );
}
