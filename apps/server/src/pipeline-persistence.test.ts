import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { io as connect } from 'socket.io-client';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createApplication } from './app.js';
import { ManualClock } from './clock.js';
import { parseConfig } from './config.js';
import { StoreOpenError } from './store/store.js';
import { sipEvent, T0 } from '@sipwatch/testing';
import { startLiveApp, tempDir } from './test-support/live-app.js';
import type { LiveApp } from './test-support/live-app.js';
import type { EventsPage, SeriesResponse, Summary } from '@sipwatch/wire';
import type { Snapshot } from '@sipwatch/wire';

let tmp: ReturnType<typeof tempDir>;
const running: LiveApp[] = [];

beforeEach(() => {
  tmp = tempDir();
});
afterEach(async () => {
  for (const l of running.splice(0)) await l.stop();
  tmp.cleanup();
});

async function start(clock: ManualClock): Promise<LiveApp> {
  const l = await startLiveApp(tmp.dir, { clock });
  running.push(l);
  return l;
}

async function stop(l: LiveApp): Promise<void> {
  running.splice(running.indexOf(l), 1);
  await l.stop();
}

async function json<T>(l: LiveApp, p: string): Promise<T> {
  return (await (await fetch(`${l.base}${p}`)).json()) as T;
}

async function snapshotOf(l: LiveApp): Promise<Snapshot> {
  const socket = connect(l.base, { transports: ['websocket'], reconnection: false });
  try {
    return await new Promise<Snapshot>((resolve) => socket.once('snapshot', resolve));
  } finally {
    socket.disconnect();
  }
}

/** Ten minutes of traffic, a 503 burst in the middle. */
function history() {
  const out = [];
  for (let s = 0; s < 600; s++) {
    out.push(sipEvent({ ts: T0 + s * 1000 + 100, code: 200, trunk: 'carrier-a', callId: `ok${s}` }));
    if (s >= 300 && s < 330)
      out.push(sipEvent({ ts: T0 + s * 1000 + 200, code: 503, trunk: 'carrier-b', callId: `f${s}` }));
  }
  return out;
}

describe('restart', () => {
  it('the dashboard shows the same history after a graceful restart (close flushes first)', async () => {
    const clock = new ManualClock(T0 + 600_000);
    const first = await start(clock);
    first.app.ingest(history());
    first.app.tickNow();
    const summaryBefore = await json<Summary>(first, '/api/v1/summary?window=15m');
    const seriesBefore = await json<SeriesResponse>(
      first,
      `/api/v1/series?from=${T0}&to=${T0 + 600_000}&step=1m`,
    );
    const snapBefore = await snapshotOf(first);
    // No flushNow(): the graceful close must write everything.
    await stop(first);

    clock.advance(5000);
    const second = await start(clock);
    const summaryAfter = await json<Summary>(second, '/api/v1/summary?window=15m');
    expect(summaryAfter.byCode).toEqual(summaryBefore.byCode);
    expect(summaryAfter.byCode).toEqual({ '200': 600, '503': 30 });
    expect(summaryAfter.trunks).toEqual(summaryBefore.trunks);
    const seriesAfter = await json<SeriesResponse>(
      second,
      `/api/v1/series?from=${T0}&to=${T0 + 600_000}&step=1m`,
    );
    expect(seriesAfter.points).toEqual(seriesBefore.points);
    // The 1-second history too: the snapshot's points line up with those before the restart.
    const snapAfter = await snapshotOf(second);
    const byT = new Map(snapBefore.series.map((p) => [p.t, p]));
    const overlap = snapAfter.series.filter((p) => byT.has(p.t));
    expect(overlap.length).toBeGreaterThan(800);
    for (const p of overlap) expect(p).toEqual(byT.get(p.t));
    expect(overlap.reduce((n, p) => n + p.responses, 0)).toBeGreaterThan(0);
    // Raw events for drill-down survived as well.
    const events = await json<EventsPage>(second, '/api/v1/events?code=503&limit=100');
    expect(events.events).toHaveLength(30);
  });

  it('counting resumes on top of the history with the same trunk ids', async () => {
    const clock = new ManualClock(T0 + 60_000);
    const first = await start(clock);
    first.app.ingest([sipEvent({ ts: T0 + 1000, code: 503, trunk: 'carrier-b' })]);
    await stop(first);
    const second = await start(clock);
    second.app.ingest([
      sipEvent({ ts: T0 + 2000, code: 503, trunk: 'carrier-b' }),
      sipEvent({ ts: T0 + 2000, code: 200, trunk: 'carrier-z' }),
    ]);
    const s = await json<Summary>(second, '/api/v1/summary?window=5m');
    expect(s.trunks.map((t) => [t.name, t.responses])).toEqual([
      ['carrier-b', 2],
      ['carrier-z', 1],
    ]);
  });

  it('a flush writes what was acknowledged; a crash loses at most what came after it', async () => {
    const clock = new ManualClock(T0 + 60_000);
    const first = await start(clock);
    first.app.ingest([sipEvent({ ts: T0 + 1000, code: 486 })]);
    first.app.flushNow();
    // Simulate a crash: the database is reopened by a new process while this one never flushes again.
    first.app.ingest([sipEvent({ ts: T0 + 2000, code: 487 })]);
    const second = await startLiveApp(path.join(tmp.dir), { clock });
    running.push(second);
    const s = await json<Summary>(second, '/api/v1/summary?window=5m');
    expect(s.byCode['486']).toBe(1);
    expect(s.byCode['487']).toBeUndefined();
  });
});

describe('background flushes (what the timers do)', () => {
  it('write what was acknowledged without a blocking flush', async () => {
    const l = await start(new ManualClock(T0 + 60_000));
    l.app.ingest([sipEvent({ ts: T0 + 1000, code: 486, callId: 'bg-1' })]);
    l.app.tickNow();
    const result = await l.app.live.pipeline.flushInBackground();
    expect(result).toMatchObject({ ok: true, events: 1 });
    const page = await json<EventsPage>(l, '/api/v1/events?limit=10');
    expect(page.events.map((e) => e.callId)).toEqual(['bg-1']);
  });

  it('a failed one keeps its changes for the next, and /readyz says so meanwhile', async () => {
    const clock = new ManualClock(T0 + 60_000);
    const l = await start(clock);
    const { db } = l.app.live.store;
    l.app.ingest([sipEvent({ ts: T0 + 1000, code: 503, callId: 'kept', trunk: 'carrier-x' })]);
    // The writer thread's statements fail until the table is back.
    db.exec('ALTER TABLE raw_events RENAME TO raw_events_away');
    expect(await l.app.live.pipeline.flushInBackground()).toMatchObject({ ok: false });
    expect((await fetch(`${l.base}/readyz`)).status).toBe(503);
    db.exec('ALTER TABLE raw_events_away RENAME TO raw_events');
    // Retries back off (one flush interval after the first failure): the changes wait meanwhile.
    expect(await l.app.live.pipeline.flushInBackground()).toBeNull();
    clock.advance(1000);
    expect(await l.app.live.pipeline.flushInBackground()).toMatchObject({ ok: true, events: 1 });
    expect((await fetch(`${l.base}/readyz`)).status).toBe(200);
    const page = await json<EventsPage>(l, '/api/v1/events?limit=10');
    expect(page.events.map((e) => e.callId)).toEqual(['kept']);

    // The counts were restored as well: after a restart (which reads only the store) they are there.
    await stop(l);
    const again = await start(clock);
    const s = await json<Summary>(again, '/api/v1/summary?window=5m');
    expect(s.trunks.map((t) => [t.name, t.responses])).toEqual([['carrier-x', 1]]);
  });

  it('one still being written makes the next wait its turn; a blocking flush waits for both', async () => {
    const l = await start(new ManualClock(T0 + 60_000));
    l.app.ingest([sipEvent({ ts: T0 + 1000, code: 486, callId: 'a' })]);
    const first = l.app.live.pipeline.flushInBackground();
    l.app.ingest([sipEvent({ ts: T0 + 1000, code: 486, callId: 'b' })]);
    // Skipped: 'b' stays pending rather than queueing a second write behind the first.
    expect(await l.app.live.pipeline.flushInBackground()).toBeNull();
    expect(await first).toMatchObject({ ok: true, events: 1 });
    expect(l.app.flushNow()).toMatchObject({ ok: true, events: 1 });
    const page = await json<EventsPage>(l, '/api/v1/events?limit=10');
    expect(page.events.map((e) => e.callId)).toEqual(['b', 'a']);
  });
});

describe('raw events for drill-down', () => {
  it('a flush keeps failures first, then the rest in arrival order, within its budget; all are counted', async () => {
    const l = await startLiveApp(tmp.dir, {
      clock: new ManualClock(T0 + 60_000),
      config: { storage: { rawEventsPerFlush: 3 } },
    });
    running.push(l);
    const at = (s: number, code: number, callId: string) => sipEvent({ ts: T0 + s * 100, code, callId });
    l.app.ingest([at(1, 200, 'ok1'), at(2, 200, 'ok2'), at(3, 503, 'f1'), at(4, 200, 'ok3')]);
    l.app.ingest([at(5, 486, 'f2'), at(6, 200, 'ok4')]);
    expect(l.app.flushNow()).toMatchObject({ ok: true, events: 3 });
    const page = await json<EventsPage>(l, '/api/v1/events?limit=10');
    expect(page.events.map((e) => e.callId)).toEqual(['f2', 'f1', 'ok1']);
    const metrics = await (await fetch(`${l.base}/metrics`)).text();
    expect(metrics).toMatch(/^sipwatch_raw_events_not_kept_total 3$/m);
    // Every event is still counted.
    const s = await json<Summary>(l, '/api/v1/summary?window=5m');
    expect(s.byCode).toEqual({ '200': 4, '486': 1, '503': 1 });
  });
});

describe('a database that cannot be used', () => {
  it('refuses to start with a clear error naming the file', async () => {
    const file = path.join(tmp.dir, 'sipwatch.db');
    writeFileSync(file, 'this is not a database'.repeat(500));
    const config = parseConfig({
      host: '127.0.0.1',
      http: { port: 0 },
      storage: { dataDir: tmp.dir },
      demo: { enabled: false },
    });
    const attempt = createApplication(config, { clock: new ManualClock(T0), timers: false });
    await expect(attempt).rejects.toThrow(StoreOpenError);
    await expect(attempt).rejects.toThrow(/sipwatch\.db is corrupt or not a SQLite database/);
  });
});

describe('a wrong or jumping clock', () => {
  const DAY = 86_400_000;
  const range = `from=${T0}&to=${T0 + 600_000}&step=1m`;
  const total = (r: SeriesResponse) => r.points.reduce((n, p) => n + p.responses, 0);

  it('a start with the clock a year ahead keeps the history: intact once the clock is corrected', async () => {
    const clock = new ManualClock(T0 + 600_000);
    const first = await start(clock);
    first.app.ingest(history());
    first.app.tickNow();
    await stop(first);

    // The host boots a year ahead and runs a while: flushes, ticks, retention pruning.
    const ahead = new ManualClock(T0 + 365 * DAY);
    const wrong = await start(ahead);
    for (let i = 0; i < 3; i++) {
      ahead.advance(60_000);
      wrong.app.ingest([sipEvent({ ts: ahead.now(), code: 200, trunk: 'carrier-a', callId: `w${i}` })]);
      wrong.app.tickNow();
      wrong.app.flushNow();
      wrong.app.live.pipeline.prune();
    }
    await stop(wrong);

    clock.advance(10 * 60_000);
    const corrected = await start(clock);
    const series = await json<SeriesResponse>(corrected, `/api/v1/series?${range}`);
    expect(total(series)).toBe(630);
  });

  it('retention still prunes as time really passes', async () => {
    const clock = new ManualClock(T0 + 600_000);
    const l = await startLiveApp(tmp.dir, { clock, config: { aggregation: { retentionDays: 1 } } });
    running.push(l);
    l.app.ingest(history());
    l.app.tickNow();
    l.app.flushNow();
    clock.advance(DAY + 3_600_000);
    l.app.tickNow();
    l.app.flushNow();
    l.app.live.pipeline.prune();
    expect(l.app.live.store.readMinutes(T0 / 60_000, T0 / 60_000 + 10)).toEqual([]);
  });
});
