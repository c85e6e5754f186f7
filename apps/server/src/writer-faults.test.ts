import path from 'node:path';
import { Writable } from 'node:stream';
import BetterSqlite3 from 'better-sqlite3';
import { io as connect } from 'socket.io-client';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from './clock.js';
import type { ConfigInput } from './config.js';
import { createLogger } from './logger.js';
import { sipEvent, T0, until } from '@sipwatch/testing';
import { startLiveApp, tempDir } from './test-support/live-app.js';
import { spawnServer, writeServerConfig } from './test-support/server-process.js';
import type { LiveApp } from './test-support/live-app.js';
import type { StorageStatus, Summary } from '@sipwatch/wire';

/**
 * The database failing under a real server on a real SQLite file: a writer that hangs (the
 * watchdog), a full disk (SQLite's max_page_count), a final flush that cannot be written. What
 * was acknowledged is written exactly once when the database takes writes again.
 */

let tmp: ReturnType<typeof tempDir>;
const running: LiveApp[] = [];

beforeEach(() => {
  tmp = tempDir();
});
afterEach(async () => {
  for (const l of running.splice(0)) await l.stop().catch(() => undefined);
  tmp.cleanup();
});

/** Long enough for a new writer thread to start from the TypeScript sources (tsx) and open the file. */
const WRITE_TIMEOUT_MS = 2500;

/** Log lines as parsed objects. */
function captureLog() {
  const lines: { level: number; msg: string; state?: string }[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, cb) {
      for (const line of chunk.toString().split('\n')) if (line) lines.push(JSON.parse(line));
      cb();
    },
  });
  return { lines, logger: createLogger('info', stream) };
}

async function start(
  options: {
    clock?: ManualClock;
    config?: ConfigInput;
    logger?: ReturnType<typeof createLogger>;
    realTime?: boolean;
  } = {},
): Promise<LiveApp> {
  const l = await startLiveApp(tmp.dir, {
    clock: options.clock ?? new ManualClock(T0 + 60_000),
    config: {
      ...options.config,
      storage: { writeTimeoutMs: WRITE_TIMEOUT_MS, ...options.config?.storage },
    },
    ...(options.logger && { logger: options.logger }),
    ...(options.realTime && { realTime: true }),
  });
  running.push(l);
  return l;
}

async function stop(l: LiveApp): Promise<void> {
  running.splice(running.indexOf(l), 1);
  await l.stop();
}

async function readyz(l: LiveApp): Promise<{ status: number; storage: StorageStatus }> {
  const res = await fetch(`${l.base}/readyz`);
  return { status: res.status, storage: ((await res.json()) as { storage: StorageStatus }).storage };
}

async function metric(l: LiveApp, name: string): Promise<number> {
  const text = await (await fetch(`${l.base}/metrics`)).text();
  const line = text.split('\n').find((x) => x.startsWith(name));
  return line === undefined ? NaN : Number(line.split(' ').pop());
}

/** Events with Call-IDs of their own (none is a duplicate), one per 10 ms from `ts`. */
function events(prefix: string, n: number, ts: number, code = 503) {
  return Array.from({ length: n }, (_, i) =>
    sipEvent({ ts: ts + i * 10, code, trunk: 'carrier-a', callId: `${prefix}-${i}` }),
  );
}

/** How many times each Call-ID is stored, read from the file itself. */
function storedCallIds(file: string): Map<string, number> {
  const db = new BetterSqlite3(file, { readonly: true });
  try {
    const rows = db
      .prepare<[], { id: string; n: number }>(
        'SELECT call_id AS id, COUNT(*) AS n FROM raw_events GROUP BY call_id',
      )
      .all();
    return new Map(rows.map((r) => [r.id, r.n]));
  } finally {
    db.close();
  }
}

function expectEachOnce(stored: Map<string, number>, prefixes: Record<string, number>): void {
  let total = 0;
  for (const [prefix, n] of Object.entries(prefixes)) {
    total += n;
    for (let i = 0; i < n; i++) expect(stored.get(`${prefix}-${i}`), `${prefix}-${i}`).toBe(1);
  }
  expect(stored.size).toBe(total);
}

async function summary(l: LiveApp): Promise<Summary> {
  return (await (await fetch(`${l.base}/api/v1/summary?window=5m`)).json()) as Summary;
}

describe('a writer that hangs', () => {
  for (const when of ['before-commit', 'after-commit'] as const) {
    it(`(${when}) is stopped by the watchdog and restarted; /readyz says so until a flush is written; every event is stored once`, async () => {
      const clock = new ManualClock(T0 + 60_000);
      const l = await start({ clock });
      const { pipeline, store } = l.app.live;
      l.app.ingest(events('before', 5, T0 + 1000));
      expect(await pipeline.flushInBackground()).toMatchObject({ ok: true, events: 5 });
      expect((await readyz(l)).status).toBe(200);

      store.testHooks.hangNextWrite(when);
      l.app.ingest(events('during', 7, T0 + 2000));
      const hung = await pipeline.flushInBackground();
      expect(hung).toMatchObject({ ok: false });
      const down = await readyz(l);
      expect(down.status).toBe(503);
      expect(down.storage.state).toBe('stalled');
      expect(down.storage.message).toMatch(/did not finish/);
      expect(await metric(l, 'sipwatch_write_timeouts_total')).toBe(1);

      l.app.ingest(events('after', 3, T0 + 3000));
      // Retries wait for the backoff; then the held write goes first, alone, and the rest follows.
      expect(await pipeline.flushInBackground()).toBeNull();
      clock.advance(1000);
      expect(await pipeline.flushInBackground()).toMatchObject({ ok: true });
      expect(await pipeline.flushInBackground()).toMatchObject({ ok: true });
      const up = await readyz(l);
      expect(up.status).toBe(200);
      expect(up.storage.state).toBe('ok');
      expect(await metric(l, 'sipwatch_writer_restarts_total')).toBe(1);
      expect(await metric(l, 'sipwatch_storage_degraded{state="ok"}')).toBe(1);

      await stop(l);
      expectEachOnce(storedCallIds(store.file), { before: 5, during: 7, after: 3 });
      // The counts too (a restart reads only the file).
      const again = await start({ clock });
      expect((await summary(again)).byCode['503']).toBe(15);
    });
  }

  it('with the timers running, /readyz fails once no flush was written for 5 intervals, and recovers after the restart', async () => {
    const l = await start({
      realTime: true,
      config: { storage: { flushIntervalMs: 100, writeTimeoutMs: 3000 } },
    });
    type Ready = Awaited<ReturnType<typeof readyz>>;
    const ready = (ok: (r: Ready) => boolean, what: string) =>
      until(
        async () => {
          const r = await readyz(l);
          return ok(r) ? r : undefined;
        },
        { what: `/readyz: ${what}`, timeoutMs: 10_000, everyMs: 20 },
      );
    expect((await ready((r) => r.status === 200, '200')).storage.state).toBe('ok');
    l.app.live.store.testHooks.hangNextWrite('before-commit');
    const stale = await ready((r) => r.status === 503, '503');
    // First: nothing written for 5 intervals (the write still hangs); then the watchdog's verdict.
    expect(stale.storage).toMatchObject({
      state: 'stalled',
      message: expect.stringMatching(/no flush has been written/),
    });
    const restarted = await ready((r) => r.storage.message?.includes('restarted') ?? false, 'restarted');
    expect(restarted.status).toBe(503);
    expect((await ready((r) => r.status === 200, '200 again')).storage.state).toBe('ok');
    expect(l.app.live.store.writerStats).toEqual({ timeouts: 1, restarts: 1 });
  });

  it('a blocking flush (tests, shutdown) is bounded by the same deadline', async () => {
    const l = await start();
    const { store } = l.app.live;
    store.testHooks.hangNextWrite('before-commit');
    l.app.ingest(events('x', 2, T0 + 1000));
    expect(l.app.flushNow().ok).toBe(false);
    expect((await readyz(l)).status).toBe(503);
    expect(l.app.flushNow().ok).toBe(true);
    expect((await readyz(l)).status).toBe(200);
    await stop(l);
    expectEachOnce(storedCallIds(store.file), { x: 2 });
  });
});

describe('the dashboards', () => {
  it('get the storage status on connect and each change of it', async () => {
    const clock = new ManualClock(T0 + 60_000);
    const l = await start({ clock });
    const { pipeline, store } = l.app.live;
    const socket = connect(l.base, { transports: ['websocket'], reconnection: false });
    const seen: StorageStatus[] = [];
    const next = () => new Promise<StorageStatus>((resolve) => socket.once('storage:status', resolve));
    try {
      seen.push(await next());
      expect(seen[0]).toMatchObject({ state: 'ok', refusingIntake: false });
      store.testHooks.setMaxPageCount(store.db.pragma('page_count', { simple: true }) as number);
      const full = next();
      l.app.ingest(events('full', 300, T0 + 1000));
      await pipeline.flushInBackground();
      expect(await full).toMatchObject({ state: 'disk-full', since: clock.now() });
      store.testHooks.setMaxPageCount(1_000_000_000);
      clock.advance(1000);
      const ok = next();
      await pipeline.flushInBackground();
      expect(await ok).toMatchObject({ state: 'ok', lastGoodFlushAt: clock.now() });
    } finally {
      socket.disconnect();
    }
  });
});

describe('a full disk', () => {
  it('keeps the changes, says so once (log, /readyz, /metrics), and writes them all when there is room', async () => {
    const clock = new ManualClock(T0 + 60_000);
    const log = captureLog();
    const l = await start({ clock, logger: log.logger });
    const { pipeline, store } = l.app.live;
    l.app.ingest(events('fits', 10, T0 + 1000));
    expect(await pipeline.flushInBackground()).toMatchObject({ ok: true });
    // No room for more than a few pages: the next flushes hit SQLITE_FULL.
    const pages = store.db.pragma('page_count', { simple: true }) as number;
    store.testHooks.setMaxPageCount(pages + 2);

    let sent = 0;
    for (let round = 0; round < 4; round++) {
      l.app.ingest(events(`full${round}`, 500, T0 + 2000 + round * 5000));
      sent++;
      expect(await pipeline.flushInBackground()).toMatchObject({ ok: false });
      clock.advance(60_000);
    }
    const status = await readyz(l);
    expect(status.status).toBe(503);
    expect(status.storage.state).toBe('disk-full');
    expect(status.storage.message).toMatch(/disk .* is full/);
    expect(await metric(l, 'sipwatch_storage_degraded{state="disk-full"}')).toBe(1);
    // One line for the state, not one per failed flush.
    expect(log.lines.filter((x) => x.level >= 50 && /full/.test(x.msg))).toHaveLength(1);

    store.testHooks.setMaxPageCount(1_000_000_000);
    expect(await pipeline.flushInBackground()).toMatchObject({ ok: true });
    expect((await readyz(l)).status).toBe(200);
    expect(log.lines.some((x) => /resumed/.test(x.msg))).toBe(true);

    await stop(l);
    const expected: Record<string, number> = { fits: 10 };
    for (let round = 0; round < sent; round++) expected[`full${round}`] = 500;
    expectEachOnce(storedCallIds(store.file), expected);
  });

  it('past storage.maxUnwrittenMinutes refuses HTTP intake with 503 (counted), and takes it again once written', async () => {
    const clock = new ManualClock(T0 + 60_000);
    const l = await start({
      clock,
      config: { storage: { writeTimeoutMs: WRITE_TIMEOUT_MS, maxUnwrittenMinutes: 2 } },
    });
    const { pipeline, store } = l.app.live;
    const pages = store.db.pragma('page_count', { simple: true }) as number;
    store.testHooks.setMaxPageCount(pages);
    for (let m = 0; m < 4; m++) {
      l.app.ingest(events(`m${m}`, 200, clock.now()));
      clock.advance(60_000);
      l.app.tickNow();
      await pipeline.flushInBackground();
      clock.advance(60_000);
    }
    expect((await readyz(l)).storage.refusingIntake).toBe(true);
    const post = (callId: string) =>
      fetch(`${l.base}/api/v1/events`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ ts: clock.now(), code: 486, method: 'INVITE', callId }),
      });
    const rejected = 'sipwatch_ingest_rejected_total{channel="http",reason="storage-full"}';
    const before = await metric(l, rejected);
    const refused = await post('refused-1');
    expect(refused.status).toBe(503);
    expect(refused.headers.get('retry-after')).toBe('30');
    expect(await refused.json()).toMatchObject({ error: 'unavailable', reason: 'storage-full' });
    expect(await metric(l, rejected)).toBe(before + 1);

    store.testHooks.setMaxPageCount(1_000_000_000);
    expect(await pipeline.flushInBackground()).toMatchObject({ ok: true });
    expect((await readyz(l)).storage.refusingIntake).toBe(false);
    expect((await post('taken-1')).status).toBe(200);
  });
});

describe('the final flush at shutdown', () => {
  it('when it cannot be written, the process says what is lost and exits 1', async () => {
    const dataDir = tmp.dir;
    // Long enough that a loaded machine still meets the lock rather than the watchdog.
    const configFile = writeServerConfig(dataDir, { storage: { writeTimeoutMs: 10_000 } });
    const server = spawnServer(configFile);
    const { child, exited } = server;
    try {
      const http = await server.http;
      const res = await fetch(`http://127.0.0.1:${http}/api/v1/events`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ ts: Date.now(), code: 486, method: 'INVITE', callId: 'last-words' }),
      });
      expect(res.status, server.output()).toBe(200);
      // Another process holds the write lock: nothing can be written any more.
      const blocker = new BetterSqlite3(path.join(dataDir, 'sipwatch.db'));
      try {
        blocker.exec('BEGIN IMMEDIATE');
        child.kill('SIGTERM');
        const code = await exited;
        expect(code, server.output()).toBe(1);
      } finally {
        blocker.close();
      }
      // Why is the database's word (locked, or the watchdog on a starved machine); that it says so is ours.
      expect(server.output(), server.output()).toMatch(
        /the final flush could not be written \(.+\).* are lost/,
      );
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  }, 30_000);
});

describe('alert state writes while the writer holds the lock', () => {
  it('never wait for it: evaluations go on, states show at once and are saved, once each, when writes resume; rule changes answer 503', async () => {
    const clock = new ManualClock(T0 + 60_000);
    const l = await start({ clock });
    const { pipeline, store } = l.app.live;
    const rule = (id: string) => ({
      id,
      name: id,
      metric: 'code_rate',
      code: 503,
      threshold: 5,
      window: '1m',
      pendingFor: '0s',
      minVolume: 5,
      severity: 'critical',
    });
    const createRule = (id: string) =>
      fetch(`${l.base}/api/v1/alerts/rules`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(rule(id)),
      });
    expect((await createRule('storm')).status).toBe(201);

    store.testHooks.hangNextWrite('before-commit');
    let hungOver = false;
    const hung = pipeline.flushInBackground().then((r) => ((hungOver = true), r));
    const probe = new BetterSqlite3(store.file);
    try {
      await untilLocked(probe);

      let beats = 0;
      const beat = setInterval(() => beats++, 1);
      try {
        for (let s = 0; s < 3; s++) {
          l.app.ingest(events(`storm${s}`, 10, clock.now()));
          clock.advance(1000);
          l.app.tickNow();
          const seen = beats;
          // The event loop goes on between evaluations: its timers keep firing.
          await new Promise((r) => setTimeout(r, 5));
          expect(beats).toBeGreaterThan(seen);
        }
      } finally {
        clearInterval(beat);
      }
      // Every one of those writes met the lock: the writer was still hung.
      expect(hungOver).toBe(false);
      const view = (await (await fetch(`${l.base}/api/v1/alerts/rules/storm`)).json()) as {
        state: { state: string };
      };
      expect(view.state.state).toBe('firing');
      expect(l.app.alerting.service.unsaved.transitions).toBeGreaterThan(0);
      expect(historyOf(probe, 'storm')).toEqual([]);

      // An operator's change is refused, in the API's error shape, with when to try again.
      const refused = await createRule('another');
      expect(refused.status).toBe(503);
      expect(refused.headers.get('retry-after')).toBe('5');
      expect(await refused.json()).toMatchObject({
        error: 'unavailable',
        message: expect.stringMatching(/nothing was changed/),
        retryAfterMs: 5000,
      });

      expect(await hung).toMatchObject({ ok: false });
      clock.advance(1000);
      expect(await pipeline.flushInBackground()).toMatchObject({ ok: true });
      l.app.tickNow();
      expect(l.app.alerting.service.unsaved).toEqual({ states: 0, transitions: 0 });
      const history = historyOf(probe, 'storm');
      expect(history.at(-1)?.to).toBe('firing');
      // Each transition once.
      expect(new Set(history.map((h) => `${h.from}>${h.to}@${h.at}`)).size).toBe(history.length);
      expect((await createRule('another')).status).toBe(201);
    } finally {
      probe.close();
    }
  });
});

/** Waits (bounded) until another connection holds the write lock of `db`'s file. */
async function untilLocked(db: BetterSqlite3.Database): Promise<void> {
  db.pragma('busy_timeout = 0');
  for (let i = 0; i < 500; i++) {
    try {
      db.exec('BEGIN IMMEDIATE');
      db.exec('ROLLBACK');
    } catch (err) {
      if ((err as { code?: string }).code === 'SQLITE_BUSY') return;
      throw err;
    }
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error('the writer never took the lock');
}

function historyOf(db: BetterSqlite3.Database, ruleId: string): { from: string; to: string; at: number }[] {
  return db
    .prepare<[string], { from: string; to: string; at: number }>(
      'SELECT from_state AS "from", to_state AS "to", at FROM alert_history WHERE rule_id = ? ORDER BY id',
    )
    .all(ruleId);
}
