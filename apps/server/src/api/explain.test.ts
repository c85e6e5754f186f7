import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { T0 } from '@sipwatch/testing';
import type { ApiErrorBody, Explanation } from '@sipwatch/wire';
import { HOUR_MS, SECOND_MS } from '@sipwatch/wire';
import { acceptedBy, startLiveApp, tempDir } from '../test-support/live-app.js';
import type { LiveApp } from '../test-support/live-app.js';

let tmp: ReturnType<typeof tempDir>;
let live: LiveApp;

const NOW = T0 + 2 * HOUR_MS;
const STORM_FROM = NOW - 120_000;

beforeEach(async () => {
  tmp = tempDir();
  live = await startLiveApp(tmp.dir);
});
afterEach(async () => {
  await live.stop();
  tmp.cleanup();
});

let serial = 0;
function response(ts: number, code: number, trunk: string) {
  return { ts, code, method: 'INVITE', scope: 'transaction', callId: `x${serial++}`, cseq: 1, trunk };
}

/** Posts events to the HTTP intake in batches and waits until the pipeline has them all. */
async function send(events: ReturnType<typeof response>[]): Promise<void> {
  const all = acceptedBy(live.app, events.length);
  for (let i = 0; i < events.length; i += 200) {
    const res = await fetch(`${live.base}/api/v1/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(events.slice(i, i + 200)),
    });
    expect(res.status).toBeLessThan(300);
  }
  await all;
}

/** 40 × 200 and 2 × 486 on each of three trunks over the five minutes from `from`. */
function normal(from: number) {
  return ['carrier-a', 'carrier-b', 'carrier-c'].flatMap((trunk) => [
    ...Array.from({ length: 40 }, (_, i) => response(from + i * 7_000, 200, trunk)),
    ...Array.from({ length: 2 }, (_, i) => response(from + 1_000 + i * 100_000, 486, trunk)),
  ]);
}

describe('GET /api/v1/explain', () => {
  it('names 503 on the storm trunk first, with its counts, share, lift against an hour ago and onset', async () => {
    const from = NOW - 300_000;
    // Each hour's traffic arrives live (the intake puts events over an hour old at their arrival).
    live.clock.set(NOW - HOUR_MS);
    await send(normal(from - HOUR_MS));
    live.clock.set(NOW);
    await send([
      ...normal(from),
      // The storm: 50 × 503 on carrier-b, one every two seconds over the last 100 s.
      ...Array.from({ length: 50 }, (_, i) => response(STORM_FROM + i * 2 * SECOND_MS, 503, 'carrier-b')),
    ]);

    const res = await fetch(`${live.base}/api/v1/explain?window=5m&baseline=hour`);
    expect(res.status).toBe(200);
    const e = (await res.json()) as Explanation;
    expect(e.window).toEqual({ from, to: NOW });
    expect(e.baseline).toEqual({ kind: 'hour', from: from - HOUR_MS, to: NOW - HOUR_MS, covered: 1 });
    expect(e.verdict).toBe('slices');
    expect(e.overall).toMatchObject({ failures: 56, expected: 6, excess: 50 });
    expect(e.slices[0]).toMatchObject({
      slice: { code: 503, trunk: 'carrier-b' },
      failures: 50,
      finals: 92,
      excess: 50,
      share: 1,
      baselineRate: 0,
      lift: null,
      onset: STORM_FROM,
    });
    expect(e.code).toMatchObject({ code: 503, phrase: 'Service Unavailable', category: 'network' });
    expect(e.code!.checks.length).toBeGreaterThan(0);
    expect(e.line).toMatch(/^503 Service Unavailable from carrier-b: 50 extra failures \(all of the rise\)/);
  });

  it('falls back to the previous 30 minutes when an hour ago is empty, and honours the filters', async () => {
    live.clock.set(NOW);
    await send(normal(NOW - 300_000));
    const e = (await (
      await fetch(`${live.base}/api/v1/explain?baseline=hour&trunk=carrier-a`)
    ).json()) as Explanation;
    expect(e.baseline.kind).toBe('previous');
    expect(e.filter).toEqual({ trunk: 'carrier-a' });
    expect(e.overall).toMatchObject({ failures: 2, finals: 42 });
  });

  it('names slices inside the filter: 503 from carrier-b when asked for carrier-b', async () => {
    const from = NOW - 300_000;
    live.clock.set(NOW);
    await send([
      ...normal(from),
      ...Array.from({ length: 50 }, (_, i) => response(STORM_FROM + i * 2 * SECOND_MS, 503, 'carrier-b')),
    ]);
    const e = (await (
      await fetch(`${live.base}/api/v1/explain?window=5m&trunk=carrier-b`)
    ).json()) as Explanation;
    expect(e.slices.map((s) => s.slice)).toEqual([{ code: 503, trunk: 'carrier-b' }]);
    // No hour-ago traffic and none before: carrier-b's two busy tones are extra failures too.
    expect(e.line).toMatch(/^503 Service Unavailable from carrier-b: 50 of 52 extra failures \(96%\)/);
  });

  it('rejects an unknown baseline with the one error model', async () => {
    const res = await fetch(`${live.base}/api/v1/explain?baseline=week`);
    expect(res.status).toBe(400);
    const body = (await res.json()) as ApiErrorBody;
    expect(body.error).toBe('invalid');
    expect(body.errors?.[0]?.field).toBe('baseline');
  });
});
