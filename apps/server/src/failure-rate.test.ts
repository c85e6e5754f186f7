import { io as connect } from 'socket.io-client';
import type { Socket } from 'socket.io-client';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { failureRate } from '@sipwatch/wire';
import type {
  AlertView,
  BacktestResult,
  ClientToServerEvents,
  SeriesPoint,
  SeriesResponse,
  ServerToClientEvents,
  SipEvent,
  Snapshot,
  Summary,
} from '@sipwatch/wire';
import { Inbox } from './test-support/inbox.js';
import { startLiveApp, tempDir } from './test-support/live-app.js';
import type { LiveApp } from './test-support/live-app.js';
import { sipEvent, T0 } from '@sipwatch/testing';

let tmp: ReturnType<typeof tempDir>;
let live: LiveApp;
let socket: Socket<ServerToClientEvents, ClientToServerEvents> | undefined;

beforeEach(async () => {
  tmp = tempDir();
  live = await startLiveApp(tmp.dir);
});
afterEach(async () => {
  socket?.disconnect();
  socket = undefined;
  await live.stop();
  tmp.cleanup();
});

const HOUR = 3_600_000;
const MINUTE = 60_000;

/**
 * One minute from T0 of REGISTER- and cancel-heavy traffic: 25 finals, of which 5 REGISTER 401 and
 * 3 INVITE 407 challenges and 4 INVITE 487 after CANCEL are left out: 13 counted finals, 7 failures
 * (4 × 503, 2 × 486, one 487 its source says was not cancelled). Failures ÷ finals would be 0.28.
 */
function challengesAndCancels(): SipEvent[] {
  const codes: [number, number, Partial<SipEvent>][] = [
    [200, 6, {}],
    [503, 4, {}],
    [486, 2, {}],
    [401, 5, { method: 'REGISTER' }],
    [407, 3, {}],
    [487, 4, {}],
    [487, 1, { cancelled: false }],
  ];
  let n = 0;
  return codes.flatMap(([code, count, over]) =>
    Array.from({ length: count }, () => {
      n++;
      return sipEvent({ ts: T0 + 1000 + n * 1500, code, callId: `call-${n}`, ...over });
    }),
  );
}
const RATE = 7 / 13;

async function get<T>(p: string): Promise<T> {
  const res = await fetch(`${live.base}${p}`);
  expect(res.status, p).toBe(200);
  return (await res.json()) as T;
}

async function post<T>(p: string, body: unknown): Promise<T> {
  const res = await fetch(`${live.base}${p}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  expect(res.status, `${p}: ${await res.clone().text()}`).toBeLessThan(300);
  return (await res.json()) as T;
}

/** The chart's line over a whole series: the points' counts summed, then the one formula. */
function seriesRate(points: readonly SeriesPoint[]): number | null {
  return failureRate({
    failures: points.reduce((n, p) => n + p.failures, 0),
    countedFinals: points.reduce((n, p) => n + p.countedFinals, 0),
  });
}

async function snapshotSeries(): Promise<SeriesPoint[]> {
  socket = connect(live.base, { transports: ['websocket'], reconnection: false });
  const snapshots = new Inbox<Snapshot>();
  socket.on('snapshot', snapshots.push);
  return (await snapshots.next()).series;
}

const rule = {
  name: 'failure rate over half',
  metric: 'failure_rate',
  threshold: 0.5,
  window: '1m',
  pendingFor: '0s',
  minVolume: 1,
};

describe('the failure rate with challenges and abandoned calls', () => {
  it('is the same in the tile, every series, the live stream, the alert and its preview', async () => {
    await post('/api/v1/alerts/rules', rule);
    live.app.ingest(challengesAndCancels());
    live.clock.set(T0 + MINUTE);
    live.app.tickNow();
    live.app.flushNow();

    const window = `from=${T0}&to=${T0 + MINUTE}`;
    const tile = (await get<Summary>(`/api/v1/summary?${window}`)).kpis;
    expect(tile).toMatchObject({ finals: 25, countedFinals: 13, challenges: 8, abandoned: 4, failures: 7 });
    expect(tile.failureRate).toBe(RATE);
    // The top-failure lists count the same: the rate's failures, and what it leaves out apart.
    const summary = await get<Summary>(`/api/v1/summary?${window}`);
    expect(summary.outcomes).toEqual({
      failures: { 503: 4, 486: 2, 487: 1 },
      abandoned: { 487: 4 },
      challenges: { 401: 5, 407: 3 },
    });
    expect(summary.topFailures.map((f) => [f.code, f.count])).toEqual([
      [503, 4],
      [486, 2],
      [487, 1],
    ]);

    const seconds = await get<SeriesResponse>(`/api/v1/series?${window}&step=1s`);
    expect(seconds.points).toHaveLength(60);
    expect(seriesRate(seconds.points)).toBe(RATE);
    const minute = await get<SeriesResponse>(`/api/v1/series?${window}&step=1m&group=trunk`);
    expect(minute.points.map((p) => failureRate(p))).toEqual([RATE]);
    expect(seriesRate(await snapshotSeries())).toBe(RATE);

    // The live rule was evaluated at the tick over the same minute: 7/13 is over 0.5 (7/25 is not).
    const alert = await get<AlertView>('/api/v1/alerts/rules/failure-rate-over-half');
    expect(alert.state).toMatchObject({ state: 'firing', value: RATE, volume: 13 });
    const preview = (threshold: number) =>
      post<BacktestResult>('/api/v1/alerts/rules/preview', { ...rule, threshold });
    expect((await preview(0.5)).firings).toBe(1);
    expect((await preview(0.54)).firings).toBe(0);
  });

  it('is the same when the minute is read back from the stored rollups and spans', async () => {
    live.app.ingest(challengesAndCancels());
    live.clock.set(T0 + 2 * HOUR);
    live.app.tickNow();
    live.app.flushNow();

    // Older than the live window: the hour is a stored span, its first minute a stored minute.
    const hour = `from=${T0}&to=${T0 + HOUR}`;
    const tile = (await get<Summary>(`/api/v1/summary?${hour}`)).kpis;
    expect(tile.failureRate).toBe(RATE);
    const byHour = await get<SeriesResponse>(`/api/v1/series?${hour}&step=1h`);
    expect(byHour.points.map((p) => failureRate(p))).toEqual([RATE]);
    const byMinute = await get<SeriesResponse>(`/api/v1/series?${hour}&step=1m`);
    expect(byMinute.points[0]).toMatchObject({ finals: 25, countedFinals: 13, failures: 7 });
    expect(seriesRate(byMinute.points)).toBe(RATE);
    const preview = await post<BacktestResult>('/api/v1/alerts/rules/preview', rule);
    expect(preview.firings).toBe(1);
  });
});
