import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from './clock.js';
import { sipEvent, T0 } from '@sipwatch/testing';
import { runLive, startLiveApp, tempDir } from './test-support/live-app.js';
import type { LiveApp } from './test-support/live-app.js';
import type { Explanation, SeriesResponse, Summary } from '@sipwatch/wire';

const MIN = 60_000;
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

async function json<T>(l: LiveApp, p: string): Promise<T> {
  const res = await fetch(`${l.base}${p}`);
  expect(res.status).toBe(200);
  return (await res.json()) as T;
}

describe('run records', () => {
  it('a stop of 10 minutes is a gap in /series and /summary, not traffic falling to zero', async () => {
    const clock = new ManualClock(T0);
    const first = await start(clock);
    runLive(first, 5);
    running.splice(running.indexOf(first), 1);
    await first.stop();
    const stoppedAt = clock.now();
    expect(stoppedAt).toBe(T0 + 5 * MIN);

    clock.advance(10 * MIN);
    const second = await start(clock);
    runLive(second, 5);

    const series = await json<SeriesResponse>(
      second,
      `/api/v1/series?from=${T0}&to=${T0 + 20 * MIN}&step=1m`,
    );
    expect(series.gaps).toEqual([{ from: stoppedAt, to: T0 + 15 * MIN }]);
    // Outside the gap the counts are there: 5 minutes of 60 either side.
    expect(series.points.reduce((n, p) => n + p.responses, 0)).toBe(600);

    const summary = await json<Summary>(second, `/api/v1/summary?from=${T0}&to=${T0 + 20 * MIN}`);
    expect(summary.gaps).toEqual([{ from: stoppedAt, to: T0 + 15 * MIN }]);
    // Its baselines lie before the first start: nothing of them was covered.
    expect(summary.baseline.hourAgo.covered).toBe(0);
    expect(summary.baseline.dayAgo.covered).toBe(0);

    // The last 5 minutes ran throughout; the 5 minutes of an hour ago were never covered.
    const recent = await json<Summary>(second, '/api/v1/summary?window=5m');
    expect(recent.gaps).toEqual([]);
    expect(recent.baseline.hourAgo.covered).toBe(0);
  });

  it('a server 5 minutes old has no baseline for /explain: its storm shows by count, with no rise claimed', async () => {
    const clock = new ManualClock(T0);
    const l = await start(clock);
    runLive(l, 5);
    const now = clock.now();
    l.app.ingest(
      Array.from({ length: 30 }, (_, i) =>
        sipEvent({ ts: now - 30_000 + i * 1000, code: 503, trunk: 'carrier-b', callId: `s${i}` }),
      ),
    );
    l.app.tickNow();
    const e = await json<Explanation>(l, `/api/v1/explain?from=${now - 3 * MIN}&to=${now}`);
    // The hour before is not covered at all; of the 30 minutes before, 2 were.
    expect(e.baseline).toMatchObject({ kind: 'previous', from: now - 33 * MIN, to: now - 3 * MIN });
    expect(e.baseline.covered).toBeCloseTo(2 / 30, 12);
    // The storm still shows, by its failures alone, with no claim about what is usual.
    expect(e.verdict).toBe('slices');
    expect(e.slices.map((s) => [s.slice, s.failures, s.lift])).toEqual([
      [{ code: 503, trunk: 'carrier-b' }, 30, null],
    ]);
    expect(e.line).toBe('503 Service Unavailable from carrier-b: 30 failures, no baseline yet');
  });

  it('a database from before run records gets one run over the minutes it holds', async () => {
    const clock = new ManualClock(T0);
    const first = await start(clock);
    runLive(first, 3);
    const db = first.app.live.store.db;
    running.splice(running.indexOf(first), 1);
    await first.stop();
    // As it was before the migration: no runs table, schema version 5.
    const BetterSqlite3 = (await import('better-sqlite3')).default;
    const file = db.name;
    const raw = new BetterSqlite3(file);
    raw.exec("DROP TABLE runs; DELETE FROM schema_migrations WHERE module = 'core' AND version = 6");
    raw.close();

    clock.advance(2 * MIN);
    const second = await start(clock);
    const series = await json<SeriesResponse>(second, `/api/v1/series?from=${T0}&to=${clock.now()}&step=1m`);
    expect(series.gaps).toEqual([{ from: T0 + 3 * MIN, to: T0 + 5 * MIN }]);
  });
});
