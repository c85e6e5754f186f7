import { useEffect } from 'react';
import { useApi } from '../../api/react';
import { useLiveStoreApi } from '../../store/react';
import { subscriptionKey } from '@sipwatch/wire/subscription';

export const RECONCILE_MS = 30_000;
/** How far back late events are picked up. */
export const RECONCILE_SPAN_MS = 120_000;

/**
 * Keeps the live 1-second series honest when ticks go missing. Late events for seconds already
 * ticked arrive as the next tick's `revised` points, but ticks are volatile: a dropped tick loses
 * its point and its revisions, which would stay missing from the chart until the next snapshot
 * while the KPIs count them. Every RECONCILE_MS this re-reads the last two minutes at 1-second
 * resolution and merges what changed.
 */
export function LiveReconcile({ intervalMs = RECONCILE_MS }: { intervalMs?: number }) {
  const api = useApi();
  const store = useLiveStoreApi();
  useEffect(() => {
    let controller: AbortController | undefined;
    const run = () => {
      const s = store.getState();
      const last = s.live.series[s.live.series.length - 1];
      if (s.connection !== 'connected' || s.awaitingSnapshot || !last) return;
      const key = subscriptionKey(s.subscription);
      const { code: _followed, ...filter } = s.subscription.filter;
      controller?.abort();
      controller = new AbortController();
      api
        .series(
          { from: last.t - RECONCILE_SPAN_MS, to: last.t + 1_000, stepMs: 1_000, filter },
          controller.signal,
        )
        .then(
          // Near a restart the server may answer in minutes: only 1-second points patch the ring.
          (res) => res.stepMs === 1_000 && store.getState().patch(key, res.points),
          () => undefined, // The next round tries again; the ticks carry on meanwhile.
        );
    };
    const timer = setInterval(run, intervalMs);
    return () => {
      clearInterval(timer);
      controller?.abort();
    };
  }, [api, store, intervalMs]);
  return null;
}
