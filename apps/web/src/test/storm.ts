import { sipEvent } from '@sipwatch/testing';
import type { SipEvent } from '@sipwatch/wire';
import { HOUR_MS } from '@sipwatch/wire';
import { startLiveApp, tempDir } from '../../../server/src/test-support/live-app.js';
import type { LiveApp } from '../../../server/src/test-support/live-app.js';

let serial = 0;
const response = (ts: number, code: number, trunk: string): SipEvent =>
  sipEvent({ ts, code, trunk, callId: `w${serial++}` });

/** 40 × 200 and 2 × 486 on each of three trunks over the five minutes from `from`. */
const normal = (from: number): SipEvent[] =>
  ['carrier-a', 'carrier-b', 'carrier-c'].flatMap((trunk) => [
    ...Array.from({ length: 40 }, (_, i) => response(from + i * 7_000, 200, trunk)),
    ...Array.from({ length: 2 }, (_, i) => response(from + 1_000 + i * 100_000, 486, trunk)),
  ]);

/**
 * A real server (no dashboard files) whose last five minutes hold normal traffic on three trunks
 * and, from `stormFrom` (two minutes ago), 50 503s on carrier-b; the same hour earlier, normal
 * traffic only. `cleanups` gets what stops it.
 */
export async function serverWithStorm(
  cleanups: (() => Promise<void> | void)[],
): Promise<{ live: LiveApp; stormFrom: number }> {
  const dir = tempDir();
  const live = await startLiveApp(dir.dir, { config: { http: { webRoot: dir.dir } } });
  cleanups.push(() => dir.cleanup());
  cleanups.push(() => live.stop());
  const now = live.clock.now() + 2 * HOUR_MS;
  const from = now - 300_000;
  live.clock.set(now - HOUR_MS);
  live.app.ingest(normal(from - HOUR_MS));
  live.clock.set(now);
  const stormFrom = now - 120_000;
  live.app.ingest([
    ...normal(from),
    ...Array.from({ length: 50 }, (_, i) => response(stormFrom + i * 2_000, 503, 'carrier-b')),
  ]);
  return { live, stormFrom };
}
