import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import pg from 'pg';
import { ManualClock } from '../clock.js';
import { startLiveApp, tempDir } from '../test-support/live-app.js';
import type { LiveApp } from '../test-support/live-app.js';
import {
  clusterTotals,
  postEvents,
  sendSyslog,
  startClusterNode,
  watchDashboard,
} from '../test-support/cluster-nodes.js';
import type { DashboardSocket } from '../test-support/cluster-nodes.js';
import { postgresSuiteRuns, startPostgres } from '../test-support/postgres.js';
import type { TestPostgres } from '../test-support/postgres.js';
import { spawnServer, writeServerConfig } from '../test-support/server-process.js';
import { decodeCells } from '../store/cell-codec.js';
import { rowsOf, upsertNodeRows } from './publisher.js';
import type { SeriesPoint, SeriesResponse, Summary } from '@sipwatch/wire';
import { T0, until } from '@sipwatch/testing';

/**
 * PostgreSQL really stopped (pg_ctl stop) under traffic: each node keeps what it could not
 * publish in the outbox of its SQLite file, says so on /readyz and /metrics, and publishes it
 * when PostgreSQL is back, so any node answers as one plain node that got every event.
 */

const runs = postgresSuiteRuns('cluster outbox suite');

let postgres: TestPostgres;
const cleanups: (() => Promise<void> | void)[] = [];
const sockets: DashboardSocket[] = [];

beforeAll(async () => {
  if (runs) postgres = await startPostgres();
}, 60_000);
afterAll(() => postgres?.stop());
afterEach(async () => {
  for (const socket of sockets.splice(0)) socket.disconnect();
  for (const c of cleanups.splice(0).reverse()) await c();
});

/** The second the outage starts at, and how long it lasts (by the test's clock). */
const OUTAGE_START = T0 + 61_000;
const OUTAGE_SECONDS = 30;

async function plainNode(clock: ManualClock): Promise<LiveApp> {
  const dir = tempDir();
  const live = await startLiveApp(dir.dir, { clock });
  cleanups.push(() => dir.cleanup());
  cleanups.push(() => live.stop());
  return live;
}

function httpEvent(callId: string, ts: number, code: number) {
  return { ts, code, method: 'INVITE', scope: 'transaction', callId, cseq: 1, trunk: 'carrier-b' };
}

function syslogLine(callId: string, ts: number, code: number): string {
  return `<134>1 ${new Date(ts).toISOString()} sbc-east kamailio - - - reply: rs=${code} rm=INVITE ci=${callId} cs=1 trunk=carrier-a`;
}

/**
 * The second starting at `at`: a's syslog lines and b's HTTP events (their number varies), the
 * same to the reference; returns how many.
 */
async function sendSecond(a: LiveApp, b: LiveApp, reference: LiveApp, at: number): Promise<number> {
  const codes = [200, 503, 200, 486];
  const lines = codes.map((code, i) => syslogLine(`a-${at}-${i}`, at + 100, code));
  const events = codes
    .slice(0, 1 + ((at / 1000) % 4))
    .map((code, i) => httpEvent(`b-${at}-${i}`, at + 300, code));
  await sendSyslog(a, lines);
  await sendSyslog(reference, lines);
  await postEvents(b, events);
  await postEvents(reference, events);
  return lines.length + events.length;
}

async function get<T>(live: LiveApp, path: string): Promise<{ status: number; body: T }> {
  const res = await fetch(`${live.base}${path}`);
  return { status: res.status, body: (await res.json()) as T };
}

/** Stops PostgreSQL (pg_ctl stop); the function returned starts it again (else the test's cleanup does). */
function pausePostgres(): () => void {
  postgres.pause();
  let paused = true;
  const resume = (): void => {
    if (paused) postgres.resume();
    paused = false;
  };
  cleanups.push(resume);
  return resume;
}

/** Flushes each node until its outbox is empty (the first publish after a restart may still fail). */
async function drained(nodes: LiveApp[]): Promise<void> {
  for (const n of nodes) {
    await until(
      async () => {
        expect(n.app.flushNow().ok).toBe(true);
        await n.app.cluster!.settled();
        return n.app.cluster!.publisher.outboxed.rows === 0;
      },
      { what: `${n.app.cluster!.nodeId}'s outbox to drain`, timeoutMs: 30_000, everyMs: 20 },
    );
  }
}

/** Cluster nodes a and b on a database of their own, and a plain node, on one clock. */
async function twoNodesAndReference() {
  const url = await postgres.createDatabase();
  const clock = new ManualClock(T0 + 60_000);
  const a = await startClusterNode(url, 'a', clock, cleanups);
  const b = await startClusterNode(url, 'b', clock, cleanups);
  const reference = await plainNode(clock);
  return { url, clock, a, b, reference };
}

async function metric(live: LiveApp, name: string): Promise<number> {
  const text = await (await fetch(`${live.base}/metrics`)).text();
  const line = text.split('\n').find((l) => l.startsWith(`${name} `));
  return Number(line?.split(' ')[1]);
}

describe.runIf(runs)('the cluster outbox while PostgreSQL is down', () => {
  it('PostgreSQL stopped for 30 s under traffic: nothing is lost, the outbox drains, the other node shows the outage as late data', async () => {
    const { clock, a, b, reference } = await twoNodesAndReference();
    const onB = watchDashboard(b, sockets);
    const onReference = watchDashboard(reference, sockets);
    await Promise.all([onB.snapshots.next(), onReference.snapshots.next()]);

    const resume = pausePostgres();
    const referencePoints: SeriesPoint[] = [];
    let sent = 0;
    for (let s = 0; s < OUTAGE_SECONDS; s++) {
      const at = OUTAGE_START + s * 1000;
      clock.set(at);
      sent += await sendSecond(a, b, reference, at);
      clock.set(at + 1000);
      for (const n of [a, b, reference]) n.app.tickNow();
      for (const n of [a, b]) {
        // The local flush is written; the publish fails and its rows go to the outbox.
        expect(n.app.flushNow().ok).toBe(true);
        await n.app.cluster!.settled();
      }
      const [, ref] = await Promise.all([onB.ticks.next(), onReference.ticks.next()]);
      referencePoints.push(ref.point);
    }
    const outageFirst = OUTAGE_START / 1000;
    for (const n of [a, b]) {
      const ready = await get<{ ready: boolean; cluster: Record<string, unknown> }>(n, '/readyz');
      expect(ready.status).toBe(503);
      expect(ready.body.cluster).toMatchObject({
        state: 'failing',
        // Memory holds nothing: every row waits in the SQLite file.
        staged: 0,
        outbox: { oldestSecond: outageFirst },
      });
      const { rows } = n.app.cluster!.publisher.outboxed;
      // 30 seconds, a minute or two, the names and the watermark; newest versions replace older ones.
      expect(rows).toBeGreaterThanOrEqual(OUTAGE_SECONDS);
      expect(rows).toBeLessThan(OUTAGE_SECONDS + 10);
      expect(await metric(n, 'sipwatch_cluster_outbox_rows')).toBe(rows);
      expect(await metric(n, 'sipwatch_cluster_outbox_oldest_age_seconds')).toBe(OUTAGE_SECONDS);
    }

    resume();
    await drained([a, b]);
    for (const n of [a, b]) {
      const ready = await get<{ cluster: Record<string, unknown> }>(n, '/readyz');
      expect(ready.status).toBe(200);
      expect(ready.body.cluster).toMatchObject({ state: 'ok', outbox: { rows: 0, oldestSecond: null } });
    }

    // Both nodes answer what the plain node that got every event answers, over the outage too.
    const expected = clusterTotals((await get<Summary>(reference, '/api/v1/summary?window=5m')).body);
    expect(expected.kpis.responses).toBe(sent);
    const query = `from=${OUTAGE_START}&to=${OUTAGE_START + OUTAGE_SECONDS * 1000}&step=1000&group=trunk`;
    const series = (await get<SeriesResponse>(reference, `/api/v1/series?${query}`)).body;
    for (const n of [a, b]) {
      expect(clusterTotals((await get<Summary>(n, '/api/v1/summary?window=5m')).body)).toEqual(expected);
      expect((await get<SeriesResponse>(n, `/api/v1/series?${query}`)).body).toEqual(series);
    }

    // b's dashboard showed only b's part during the outage; a's seconds come in as revised points.
    const mirror = b.app.cluster!.mirror!;
    const { bootId, publisher } = a.app.cluster!;
    await until(async () => {
      await mirror.poll();
      return mirror.revOf(bootId) >= publisher.lastRev;
    }, "b's mirror to read a's drained outbox");
    clock.set(OUTAGE_START + OUTAGE_SECONDS * 1000 + 1000);
    b.app.tickNow();
    reference.app.tickNow();
    const [revising] = await Promise.all([onB.ticks.next(), onReference.ticks.next()]);
    const revised = [...(revising.revised ?? [])]
      .filter((p) => p.t >= OUTAGE_START)
      .sort((x, y) => x.t - y.t);
    expect(revised).toEqual(referencePoints);
    expect(revised.every((p) => p.responses > 0)).toBe(true);
  }, 120_000);

  it('an outbox replayed twice after it drained changes nothing', async () => {
    const { url, clock, a, b, reference } = await twoNodesAndReference();
    const resume = pausePostgres();
    for (let s = 0; s < 3; s++) {
      const at = OUTAGE_START + s * 1000;
      clock.set(at);
      await sendSecond(a, b, reference, at);
      clock.set(at + 1000);
      for (const n of [a, b]) {
        n.app.tickNow();
        expect(n.app.flushNow().ok).toBe(true);
        await n.app.cluster!.settled();
      }
    }
    // What a's outbox holds, as a crash right after its publish (before the delete) would leave it.
    const { bootId, nodeId } = a.app.cluster!;
    const held = a.app.live.store.outbox(clock.now()).read(bootId, 1000, Number.MAX_SAFE_INTEGER);
    expect(held.filter((r) => r.kind === 'second').map((r) => Number(r.key))).toEqual([
      OUTAGE_START / 1000,
      OUTAGE_START / 1000 + 1,
      OUTAGE_START / 1000 + 2,
    ]);
    resume();
    await drained([a, b]);
    const before = await nodeRows(url);
    const summary = clusterTotals((await get<Summary>(b, '/api/v1/summary?window=5m')).body);
    expect(summary).toEqual(clusterTotals((await get<Summary>(reference, '/api/v1/summary?window=5m')).body));

    const db = new pg.Client({ connectionString: url });
    await db.connect();
    try {
      for (let i = 0; i < 2; i++) await upsertNodeRows(db, { nodeId, bootId }, rowsOf(held));
    } finally {
      await db.end();
    }
    expect(await nodeRows(url)).toEqual(before);
    expect(clusterTotals((await get<Summary>(b, '/api/v1/summary?window=5m')).body)).toEqual(summary);
  });

  it('a node killed (kill -9) while PostgreSQL is down publishes its outbox once, under its old boot, when restarted', async () => {
    const url = await postgres.createDatabase();
    const dir = tempDir();
    cleanups.push(() => dir.cleanup());
    const configFile = writeServerConfig(dir.dir, { cluster: { postgresUrl: url, nodeId: 'a' } });
    const server = spawnServer(configFile);
    cleanups.push(() => {
      if (server.child.exitCode === null && server.child.signalCode === null) server.child.kill('SIGKILL');
    });
    const http = await server.http;
    const resume = pausePostgres();
    const sentAt = Date.now();
    const events = [200, 503, 486, 200, 200, 404, 503].map((code, i) =>
      httpEvent(`killed-${i}`, sentAt, code),
    );
    const res = await fetch(`http://127.0.0.1:${http}/api/v1/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(events),
    });
    expect(res.status, server.output()).toBe(200);
    // Its own timers flush, the publish fails: the counts wait in the outbox of its SQLite file.
    const file = new BetterSqlite3(path.join(dir.dir, 'sipwatch.db'));
    try {
      await until(() => outboxCount(file) === events.length, {
        what: "the node's outbox to hold every event",
        timeoutMs: 30_000,
        everyMs: 50,
      });
    } finally {
      file.close();
    }
    server.child.kill('SIGKILL');
    expect(await server.exited).toBe(null);

    resume();
    const clock = new ManualClock(Date.now());
    const again = await startLiveApp(dir.dir, {
      clock,
      config: { cluster: { postgresUrl: url, nodeId: 'a' } },
    });
    cleanups.push(() => again.stop());
    const b = await startClusterNode(url, 'b', clock, cleanups);
    const reference = await plainNode(clock);
    await postEvents(reference, events);
    clock.advance(2000);
    for (const n of [again, b, reference]) n.app.tickNow();
    await drained([again, b]);

    const expected = clusterTotals((await get<Summary>(reference, '/api/v1/summary?window=5m')).body);
    expect(expected.kpis.responses).toBe(events.length);
    for (const n of [again, b])
      expect(clusterTotals((await get<Summary>(n, '/api/v1/summary?window=5m')).body)).toEqual(expected);
    // Published once, by the boot that counted them; the restarted one added nothing of them.
    const db = new pg.Client({ connectionString: url });
    await db.connect();
    try {
      const { rows } = await db.query<{ boot_id: string; cells: Buffer }>(
        "SELECT boot_id, cells FROM node_seconds WHERE node_id = 'a'",
      );
      const byBoot = new Map<string, number>();
      for (const r of rows)
        byBoot.set(r.boot_id, (byBoot.get(r.boot_id) ?? 0) + decodeCells(r.cells).total());
      expect(byBoot.get(again.app.cluster!.bootId) ?? 0).toBe(0);
      expect([...byBoot.values()].reduce((x, y) => x + y, 0)).toBe(events.length);
    } finally {
      await db.end();
    }
  }, 90_000);

  it('a long outage keeps no 1-second rows past the live window in the outbox; the minutes still count them', async () => {
    const url = await postgres.createDatabase();
    const clock = new ManualClock(T0 + 60_000);
    const dir = tempDir();
    cleanups.push(() => dir.cleanup());
    const aggregation = { liveSeconds: 60 };
    const a = await startLiveApp(dir.dir, {
      clock,
      config: { aggregation, cluster: { postgresUrl: url, nodeId: 'a' } },
    });
    cleanups.push(() => a.stop());
    const referenceDir = tempDir();
    cleanups.push(() => referenceDir.cleanup());
    const reference = await startLiveApp(referenceDir.dir, { clock, config: { aggregation } });
    cleanups.push(() => reference.stop());
    const resume = pausePostgres();
    const second = async (at: number): Promise<void> => {
      clock.set(at);
      const events = [200, 503].map((code, i) => httpEvent(`${at}-${i}`, at + 100, code));
      await postEvents(a, events);
      await postEvents(reference, events);
      clock.set(at + 1000);
      for (const n of [a, reference]) n.app.tickNow();
      expect(a.app.flushNow().ok).toBe(true);
      await a.app.cluster!.settled();
    };
    for (let s = 0; s < 3; s++) await second(OUTAGE_START + s * 1000);
    // Two minutes on, the outage goes on: those three seconds are past the live window.
    await second(OUTAGE_START + 120_000);
    const held = a.app.live.store
      .outbox(clock.now())
      .read(a.app.cluster!.bootId, 1000, Number.MAX_SAFE_INTEGER);
    expect(held.filter((r) => r.kind === 'second').map((r) => Number(r.key))).toEqual([
      (OUTAGE_START + 120_000) / 1000,
    ]);
    // Their counts wait in their minute's row (the open minute is written when it closes).
    expect(held.filter((r) => r.kind === 'minute').map((r) => Number(r.key))).toEqual([
      Math.floor(OUTAGE_START / 60_000),
    ]);

    resume();
    await drained([a]);
    const query = `from=${T0}&to=${OUTAGE_START + 180_000}`;
    const expected = clusterTotals((await get<Summary>(reference, `/api/v1/summary?${query}`)).body);
    expect(expected.kpis.responses).toBe(8);
    expect(clusterTotals((await get<Summary>(a, `/api/v1/summary?${query}`)).body)).toEqual(expected);
  });
});

/** Responses counted in the seconds of a SQLite file's outbox (read by another connection). */
function outboxCount(file: BetterSqlite3.Database): number {
  const exists = file
    .prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'cluster_outbox'")
    .get();
  if (!exists) return 0;
  return file
    .prepare<[], { payload: Buffer }>("SELECT payload FROM cluster_outbox WHERE kind = 'second'")
    .all()
    .reduce((n, r) => n + decodeCells(r.payload).total(), 0);
}

/** Reads a node's rows in PostgreSQL: what a replay must leave as it is. */
async function nodeRows(url: string): Promise<unknown[]> {
  const db = new pg.Client({ connectionString: url });
  await db.connect();
  try {
    const { rows } = await db.query(
      `SELECT 's' AS t, node_id, boot_id, second AS at, cells, rev FROM node_seconds
       UNION ALL SELECT 'm', node_id, boot_id, minute, cells, rev FROM node_minutes ORDER BY 1, 2, 3, 4`,
    );
    return rows;
  } finally {
    await db.end();
  }
}
