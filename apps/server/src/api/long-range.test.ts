import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../clock.js';
import { startLiveApp, tempDir } from '../test-support/live-app.js';
import type { LiveApp } from '../test-support/live-app.js';
import { sipEvent, T0 } from '@sipwatch/testing';
import type { SeriesResponse, Summary, TrunksResponse } from '@sipwatch/wire';
import type { SipEvent } from '@sipwatch/wire';
import { QueryService } from './queries.js';

let tmp: ReturnType<typeof tempDir>;
let live: LiveApp | undefined;

beforeEach(() => {
  tmp = tempDir();
});
afterEach(async () => {
  await live?.stop();
  live = undefined;
  tmp.cleanup();
});

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const CODES = [100, 180, 200, 200, 200, 486, 487, 503, 408, 404, 603];
const TRUNKS = ['carrier-a', 'carrier-b', 'carrier-c', 'pbx-hq', 'mobile-gw'];

let seq = 0;
function burst(at: number, n: number): SipEvent[] {
  return Array.from({ length: n }, (_, i) => {
    seq++;
    return sipEvent({
      ts: at + ((i * 7919) % 60_000),
      code: CODES[seq % CODES.length]!,
      trunk: TRUNKS[(seq * 3) % TRUNKS.length]!,
      source: { channel: 'syslog', format: 'kv', host: `sbc-${seq % 3}` },
      method: seq % 9 === 0 ? 'BYE' : 'INVITE',
      callId: `c${seq}`,
    });
  });
}

async function get<T>(p: string): Promise<T> {
  return (await (await fetch(`${live!.base}${p}`)).json()) as T;
}

/**
 * Thirty days of traffic through the real pipeline: every three hours the clock moves on, the
 * current minutes count traffic (written whole when they close), CDR-like late events land in
 * minutes long written (written as deltas), and each step is flushed to the SQLite file.
 */
async function thirtyDays(): Promise<number> {
  const start = T0;
  const end = T0 + 30 * DAY;
  const clock = new ManualClock(start);
  live = await startLiveApp(tmp.dir, { clock });
  for (let t = start; t < end; t += 3 * HOUR) {
    clock.set(t);
    live.app.ingest(burst(t - 60_000, 40));
    if (t - start > 2 * DAY) live.app.ingest(burst(t - 2 * DAY + 7 * 60_000, 5));
    live.app.tickNow();
    live.app.flushNow();
  }
  clock.set(end + 30_000);
  live.app.ingest(burst(end, 30));
  live.app.tickNow();
  live.app.flushNow();
  return end + 30_000;
}

/** Today's read path: every minute beyond memory read from its row and decoded, per request. */
function minuteRowQueries(l: LiveApp): QueryService {
  const { store, pipeline } = l.app.live;
  return new QueryService(
    pipeline.aggregator,
    { readRollups: (ranges) => ranges.map((r) => store.readMinutes(r.from, r.to).map((m) => m.table)) },
    l.clock,
    pipeline.runs,
  );
}

describe('reads over long ranges', () => {
  it('answer exactly as reading every minute row does: summary, series and trunks over 30 days', async () => {
    const now = await thirtyDays();
    const from = now - 30 * DAY + 17 * 60_000;
    const before = minuteRowQueries(live!);

    const cold = await get<Summary>(`/api/v1/summary?from=${from}&to=${now}`);
    const warm = await get<Summary>(`/api/v1/summary?from=${from}&to=${now}`);
    expect(cold.kpis.responses).toBeGreaterThan(9000);
    expect(cold.baseline.dayAgo.kpis.responses).toBeGreaterThan(0);
    expect(cold).toEqual(JSON.parse(JSON.stringify(before.summary(from, now, {}))));
    expect(warm).toEqual(cold);

    const filtered = await get<Summary>(`/api/v1/summary?from=${from}&to=${now}&trunk=carrier-b&class=5xx`);
    expect(filtered).toEqual(
      JSON.parse(JSON.stringify(before.summary(from, now, { trunk: 'carrier-b', class: '5xx' }))),
    );

    for (const step of [DAY, HOUR, 30 * 60_000]) {
      const series = await get<SeriesResponse>(
        `/api/v1/series?from=${from}&to=${now}&step=${step}&group=trunk`,
      );
      expect(series).toEqual(JSON.parse(JSON.stringify(before.series(from, now, step, 'trunk', {}))));
    }
    const trunks = await get<TrunksResponse>(`/api/v1/trunks?from=${from}&to=${now}`);
    expect(trunks).toEqual(JSON.parse(JSON.stringify(before.trunks(from, now))));
  }, 120_000);

  it('a late event for a minute read a moment ago shows in the next read', async () => {
    const now = await thirtyDays();
    const from = now - 30 * DAY;
    const first = await get<Summary>(`/api/v1/summary?from=${from}&to=${now}&code=603`);
    live!.app.ingest([sipEvent({ ts: now - 10 * DAY, code: 603, trunk: 'carrier-a', callId: 'late-cdr' })]);
    live!.app.flushNow();
    const next = await get<Summary>(`/api/v1/summary?from=${from}&to=${now}&code=603`);
    expect(next.kpis.responses).toBe(first.kpis.responses + 1);
  }, 120_000);
});
