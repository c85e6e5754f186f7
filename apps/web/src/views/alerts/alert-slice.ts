import type { AlertRule } from '@sipwatch/wire';
import { ruleViewPath } from '@sipwatch/wire';
import { LIVE_RANGES, toSearch, writeViewState } from '../../lib/view-state';
import type { ViewState } from '../../lib/view-state';
import { MINUTE_MS } from '@sipwatch/wire/metrics';

const LIVE_RANGE_MS = { '5m': 5 * MINUTE_MS, '15m': 15 * MINUTE_MS, '1h': 60 * MINUTE_MS } as const;

/**
 * Where a firing alert is looked into: its code's page (or its class's, or the overview), on its
 * trunk, source and method, over the smallest live window that shows the firing began (with a
 * few minutes before it), or the range from then when that is longer than an hour.
 */
export function alertSliceLink(
  rule: AlertRule,
  firingSince: number,
  now: number,
): { pathname: string; search: string } {
  const pathname = ruleViewPath(rule);
  const { trunk, source, method } = rule.scope;
  const filter = {
    ...(trunk !== undefined && { trunk }),
    ...(source !== undefined && { source }),
    ...(method !== undefined && { method }),
  };
  const needed = now - firingSince + 5 * MINUTE_MS;
  const live = LIVE_RANGES.find((r) => LIVE_RANGE_MS[r] >= needed);
  const view: ViewState = live
    ? { range: live, filter, kiosk: false }
    : { range: 'custom', from: firingSince - 5 * MINUTE_MS, to: now, filter, kiosk: false };
  return { pathname, search: toSearch(writeViewState(view)) };
}
