import type { ViewState } from '../../lib/view-state';
import { isLiveRange } from '../../lib/view-state';
import { useLive } from '../../store/react';
import { useTiming } from '../timing/use-timing';
import type { WallTimingModel } from './wall-timing';
import { wallTiming } from './wall-timing';

/**
 * The wall's call timing, fetched and refreshed as the overview's timing panel does; null when the
 * server has no timed call for the view (no HEP capture), so the wall shows no block at all.
 */
export function useWallTiming(view: ViewState, at: number): WallTimingModel | null {
  const query = useTiming(view, at);
  const disconnected = useLive((s) => s.freshness.status === 'disconnected');
  return wallTiming(query, {
    live: isLiveRange(view.range),
    disconnected,
    trunkFiltered: view.filter.trunk !== undefined,
  });
}
