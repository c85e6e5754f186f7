import { useLive } from '../../store/react';
import { lastDataAt } from '../../store/live-store';

/** The pages of live figures: the overview (and wall), a code's and a class's drill-down. */
const LIVE_PAGE = /^\/(?:$|codes\/[^/]+$|classes\/[^/]+$)/;

export interface LiveHonesty {
  /** The figures on screen stopped following the server: grey them. */
  dimmed: boolean;
  /** Client time of the newest data shown (tick or snapshot), null before any. */
  asOf: number | null;
}

/**
 * Whether a page's live figures must be shown as old: a live range, and data stale or the socket
 * down. History ranges come from the REST API and stay as they are.
 */
export function useLiveHonesty(live: boolean, pathname = '/'): LiveHonesty {
  const status = useLive((s) => s.freshness.status);
  const asOf = useLive(lastDataAt);
  const dimmed = live && LIVE_PAGE.test(pathname) && (status === 'stale' || status === 'disconnected');
  return { dimmed, asOf };
}
