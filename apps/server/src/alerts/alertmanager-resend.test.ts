import { afterEach, describe, expect, it } from 'vitest';
import { startAlertsHarness } from './testing/harness.js';
import type { AlertsHarness } from './testing/harness.js';
import { startReceiver } from './testing/receiver.js';
import type { Receiver } from './testing/receiver.js';

/**
 * Alertmanager resolves an alert nobody tells it about again (resolve_timeout, or the endsAt it was
 * given): a storm that lasts ten minutes must still be firing there after ten minutes.
 */

let h: AlertsHarness | undefined;
let hook: Receiver | undefined;
afterEach(async () => {
  await h?.close();
  await hook?.close();
});

interface PushedAlert {
  labels: Record<string, string>;
  startsAt: string;
  endsAt?: string;
}

describe('a firing alert sent to Alertmanager', () => {
  it('is sent again every minute while it fires, with the same start and a later end, then resolved', async () => {
    hook = await startReceiver();
    h = await startAlertsHarness({ demo: { enabled: false }, alerts: { allowTargets: ['127.0.0.1/32'] } });
    const created = await h.fetch('/api/v1/alerts/rules', {
      method: 'POST',
      json: {
        name: '503 storm',
        metric: 'code_count',
        code: 503,
        window: '10s',
        threshold: 5,
        pendingFor: '0s',
        noData: 'ok',
        severity: 'critical',
        notify: [{ type: 'alertmanager', url: hook.url, sendResolved: true }],
      },
    });
    expect(created.status).toBe(201);
    const storm = (seconds: number) => {
      for (let s = 0; s < seconds; s++) {
        h!.ingest(
          Array.from({ length: 10 }, () => ({
            code: 503,
            scope: 'call' as const,
            method: 'INVITE',
            trunk: 'carrier-a',
            source: { channel: 'http' as const, format: 'json', host: 'sbc-1' },
          })),
        );
        h!.advance(1_000);
      }
    };
    const pushed = async (n: number) => {
      await h!.alerting.notifier.idle();
      expect(hook!.requests).toHaveLength(n);
      return hook!.requests.map((r) => (JSON.parse(r.body) as PushedAlert[])[0]!);
    };

    storm(2);
    const [first] = await pushed(1);
    expect(first!.endsAt).toBeDefined();
    storm(150); // two and a half minutes of storm: sent again twice
    const copies = await pushed(3);
    expect(new Set(copies.map((c) => c.startsAt))).toEqual(new Set([first!.startsAt]));
    const ends = copies.map((c) => Date.parse(c.endsAt!));
    expect(ends[1]! - ends[0]!).toBeGreaterThanOrEqual(60_000);
    expect(ends[2]! - ends[1]!).toBeGreaterThanOrEqual(60_000);
    // Each copy is valid beyond the next one: Alertmanager never resolves it while it fires.
    expect(ends[2]! - h.clock.now()).toBeGreaterThan(60_000);

    h.advance(20_000); // the storm stops; the 10 s window empties and the alert resolves
    const all = await pushed(4);
    expect(Date.parse(all[3]!.endsAt!)).toBeLessThanOrEqual(h.clock.now());
    expect(all[3]!.labels).toEqual(first!.labels);
  });
});
