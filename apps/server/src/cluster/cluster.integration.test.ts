import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { hostname } from 'node:os';
import pg from 'pg';
import { ManualClock } from '../clock.js';
import { CellTable } from '../core/cell-table.js';
import { packCell } from '../core/cell-key.js';
import { decodeCells, encodeCells } from '../store/cell-codec.js';
import { startLiveApp, tempDir } from '../test-support/live-app.js';
import type { LiveApp } from '../test-support/live-app.js';
import { postgresSuiteRuns, startPostgres } from '../test-support/postgres.js';
import type { TestPostgres } from '../test-support/postgres.js';
import { clusterTotals, postEvents, sendSyslog, watchDashboard } from '../test-support/cluster-nodes.js';
import type { DashboardSocket } from '../test-support/cluster-nodes.js';
import { upsertNodeRows } from './publisher.js';
import { migrateCluster } from './schema.js';
import type {
  ClusterResponse,
  CodeDetail,
  SeriesResponse,
  Summary,
  Tick,
  TrunksResponse,
} from '@sipwatch/wire';
import { T0, until } from '@sipwatch/testing';

/**
 * Three sipwatch nodes on one real PostgreSQL, one clock: the test plays the load balancer and
 * sends each node different events over real HTTP and UDP. Any node must answer what one node
 * that had seen every event answers (a fourth, plain node gets them all as the reference).
 */

const runs = postgresSuiteRuns('cluster suite');

let postgres: TestPostgres;
const started: { live: LiveApp; cleanup(): void }[] = [];

beforeAll(async () => {
  if (runs) postgres = await startPostgres();
}, 60_000);
afterAll(() => postgres?.stop());
const sockets: DashboardSocket[] = [];
afterEach(async () => {
  for (const socket of sockets.splice(0)) socket.disconnect();
  for (const s of started.splice(0)) {
    await s.live.stop();
    s.cleanup();
  }
});

const WHEN = T0 + 60_200;

async function node(
  clock: ManualClock,
  url: string | undefined,
  nodeId: string | undefined,
  dir?: string,
): Promise<LiveApp> {
  const tmp = dir === undefined ? tempDir() : { dir, cleanup: () => undefined };
  const live = await startLiveApp(tmp.dir, {
    clock,
    config:
      url === undefined ? {} : { cluster: { postgresUrl: url, ...(nodeId !== undefined && { nodeId }) } },
  });
  started.push({ live, cleanup: tmp.cleanup });
  return live;
}

function httpEvents(prefix: string, codes: number[], trunk: string) {
  return codes.map((code, i) => ({
    ts: WHEN,
    code,
    method: 'INVITE',
    scope: 'transaction',
    callId: `${prefix}-${i}`,
    cseq: 1,
    trunk,
  }));
}

function syslogLines(prefix: string, codes: number[], trunk: string): string[] {
  const stamp = new Date(WHEN).toISOString();
  return codes.map(
    (code, i) =>
      `<134>1 ${stamp} sbc-east kamailio - - - reply: rs=${code} rm=INVITE ci=${prefix}-${i} cs=1 trunk=${trunk}`,
  );
}

async function summaryOf(live: LiveApp, query = 'window=1m'): Promise<Summary> {
  const res = await fetch(`${live.base}/api/v1/summary?${query}`);
  expect(res.status).toBe(200);
  return (await res.json()) as Summary;
}

async function seriesOf(live: LiveApp, query: string): Promise<SeriesResponse> {
  const res = await fetch(`${live.base}/api/v1/series?${query}`);
  expect(res.status).toBe(200);
  return (await res.json()) as SeriesResponse;
}

/** Sends the same traffic to the nodes (split) and to the reference (all of it). */
async function sendSplitTraffic(nodes: LiveApp[], reference: LiveApp): Promise<void> {
  const a = httpEvents('a', [200, 200, 503, 486], 'carrier-a');
  const b = syslogLines('b', [200, 503, 503, 404], 'carrier-b');
  const c = httpEvents('c', [200, 480, 200], 'carrier-a');
  await postEvents(nodes[0]!, a);
  await sendSyslog(nodes[1]!, b);
  await postEvents(nodes[2]!, c);
  await postEvents(reference, [...a, ...c]);
  await sendSyslog(reference, b);
}

/** Nodes a, b and c on a database of their own, and a plain node, all on one clock. */
async function threeNodesAndReference() {
  const url = await postgres.createDatabase();
  const clock = new ManualClock(T0 + 60_000);
  const nodes = [await node(clock, url, 'a'), await node(clock, url, 'b'), await node(clock, url, 'c')];
  const reference = await node(clock, undefined, 'reference');
  return { url, clock, nodes, reference };
}

async function flushAll(nodes: LiveApp[]): Promise<void> {
  for (const n of nodes) {
    expect(n.app.flushNow().ok).toBe(true);
    await n.app.cluster!.settled();
  }
}

describe.runIf(runs)('cluster mode on PostgreSQL', () => {
  it('any node answers the exact cluster total, as one node that saw every event would', async () => {
    const { url, clock, nodes, reference } = await threeNodesAndReference();
    await sendSplitTraffic(nodes, reference);
    clock.set(T0 + 61_000);
    for (const n of [...nodes, reference]) n.app.tickNow();
    await flushAll(nodes);

    const expected = clusterTotals(await summaryOf(reference));
    expect(expected.kpis.responses).toBe(11);
    for (const n of nodes) expect(clusterTotals(await summaryOf(n))).toEqual(expected);
    for (const query of [`from=${T0}&to=${T0 + 120_000}&step=1000&group=trunk`, `from=${T0}&step=60000`]) {
      const series = await seriesOf(reference, query);
      expect(series.points.reduce((n, p) => n + p.responses, 0)).toBe(11);
      for (const n of nodes) expect(await seriesOf(n, query)).toEqual(series);
    }
    const view = (await (await fetch(`${nodes[1]!.base}/api/v1/cluster`)).json()) as ClusterResponse;
    expect(view.enabled).toBe(true);
    expect(view.boots.map((b) => [b.nodeId, b.self, b.flushedAt, b.watermark]).sort()).toEqual([
      ['a', false, T0 + 61_000, T0 + 61_000],
      ['b', true, T0 + 61_000, T0 + 61_000],
      ['c', false, T0 + 61_000, T0 + 61_000],
    ]);
    // Each node's own rows are only its part: 4 + 4 + 3.
    const db = new pg.Client({ connectionString: url });
    await db.connect();
    try {
      const { rows } = await db.query<{ node_id: string; boots: string }>(
        'SELECT node_id, count(DISTINCT boot_id)::text AS boots FROM node_seconds GROUP BY node_id ORDER BY node_id',
      );
      expect(rows).toEqual([
        { node_id: 'a', boots: '1' },
        { node_id: 'b', boots: '1' },
        { node_id: 'c', boots: '1' },
      ]);
    } finally {
      await db.end();
    }
  });

  it('any node answers a code’s drill-down and the trunk table for the whole cluster', async () => {
    const { clock, nodes, reference } = await threeNodesAndReference();
    await sendSplitTraffic(nodes, reference);
    clock.set(T0 + 61_000);
    for (const n of [...nodes, reference]) n.app.tickNow();
    await flushAll(nodes);

    const get = async <T>(live: LiveApp, path: string): Promise<T> => {
      const res = await fetch(`${live.base}${path}`);
      expect(res.status).toBe(200);
      return (await res.json()) as T;
    };
    const code = (d: CodeDetail) => ({
      window: d.window,
      stats: d.stats,
      baseline: d.baseline,
      entry: d.entry,
    });
    const expected = code(await get<CodeDetail>(reference, '/api/v1/codes/503?window=5m'));
    // Three 503s: one from node a (carrier-a over HTTP), two from node b (carrier-b over syslog).
    expect(expected.stats).toMatchObject({
      count: 3,
      byTrunk: [
        { name: 'carrier-b', count: 2 },
        { name: 'carrier-a', count: 1 },
      ],
    });
    const trunks = await get<TrunksResponse>(reference, '/api/v1/trunks?window=5m');
    expect(trunks.trunks.map((t) => [t.name, t.responses])).toEqual([
      ['carrier-a', 7],
      ['carrier-b', 4],
    ]);
    for (const n of nodes) {
      expect(code(await get<CodeDetail>(n, '/api/v1/codes/503?window=5m'))).toEqual(expected);
      expect(code(await get<CodeDetail>(n, '/api/v1/codes/503?window=5m&trunk=carrier-b')).stats.count).toBe(
        2,
      );
      expect(await get<TrunksResponse>(n, '/api/v1/trunks?window=5m')).toEqual(trunks);
    }
  });

  it('a replayed or older write changes nothing; a newer one replaces', async () => {
    const { url, clock, nodes, reference } = await threeNodesAndReference();
    await sendSplitTraffic(nodes, reference);
    clock.set(T0 + 61_000);
    await flushAll(nodes);
    const before = clusterTotals(await summaryOf(nodes[1]!));
    expect(before.kpis.responses).toBe(11);

    // Node a's second, rewritten with made-up counts under an older and the same rev.
    const forged = new CellTable();
    forged.add(packCell(0, 0, 0, 500, 0), 1000);
    const second = Math.floor(WHEN / 1000);
    const { nodeId, bootId } = nodes[0]!.app.cluster!;
    const stale = { seconds: [{ at: second, cells: encodeCells(forged) }], minutes: [], dimensions: [] };
    const db = new pg.Client({ connectionString: url });
    await db.connect();
    try {
      const { rows } = await db.query<{ rev: string }>(
        'SELECT rev::text FROM node_seconds WHERE node_id = $1 AND second = $2',
        [nodeId, second],
      );
      const rev = Number(rows[0]!.rev);
      for (const replay of [rev - 1, rev])
        await upsertNodeRows(db, { nodeId, bootId }, { ...stale, rev: replay, watermark: 0, flushedAt: 0 });
      expect(clusterTotals(await summaryOf(nodes[1]!))).toEqual(before);

      await upsertNodeRows(db, { nodeId, bootId }, { ...stale, rev: rev + 1, watermark: 0, flushedAt: 0 });
      const after = await summaryOf(nodes[1]!);
      // Node a's 4 events are replaced by the 1000 of the newer write.
      expect(after.kpis.responses).toBe(11 - 4 + 1000);
    } finally {
      await db.end();
    }
  });

  it('a restarted node gets a new boot_id, keeps its old rows and counts nothing twice', async () => {
    const { url, clock, nodes, reference } = await threeNodesAndReference();
    await sendSplitTraffic(nodes, reference);
    clock.set(T0 + 60_500);
    await flushAll(nodes);

    // Node a stops and starts again on its own SQLite file, within the same second.
    const first = nodes[0]!;
    const firstBoot = first.app.cluster!.bootId;
    await first.stop();
    started.splice(
      started.findIndex((s) => s.live === first),
      1,
    );
    const again = await node(clock, url, 'a', first.dir);
    expect(again.app.cluster!.bootId).not.toBe(firstBoot);
    // It resumes its counts from SQLite; more events land in the same second.
    const more = httpEvents('a2', [200, 503], 'carrier-a');
    await postEvents(again, more);
    await postEvents(reference, more);
    clock.set(T0 + 61_000);
    for (const n of [again, nodes[1]!, nodes[2]!, reference]) n.app.tickNow();
    await flushAll([again, nodes[1]!, nodes[2]!]);

    const expected = clusterTotals(await summaryOf(reference));
    expect(expected.kpis.responses).toBe(13);
    for (const n of [again, nodes[1]!, nodes[2]!])
      expect(clusterTotals(await summaryOf(n))).toEqual(expected);
    // The live stream too: the restarted node counts its earlier boot's rows (which it resumed
    // from its SQLite file) once, and so does every other node.
    const referenceSnapshot = await watch(reference).snapshots.next();
    for (const n of [again, nodes[1]!]) {
      await mirrored(
        n,
        [again, ...nodes.slice(1)].filter((w) => w !== n),
      );
      const snapshot = await watch(n).snapshots.next();
      expect(clusterTotals(snapshot.summary)).toEqual(clusterTotals(referenceSnapshot.summary));
      expect(snapshot.series).toEqual(referenceSnapshot.series);
    }

    const db = new pg.Client({ connectionString: url });
    await db.connect();
    try {
      const { rows } = await db.query<{ boot_id: string }>(
        "SELECT boot_id FROM node_seconds WHERE node_id = 'a' ORDER BY boot_id",
      );
      expect(rows.map((r) => r.boot_id).sort()).toEqual([firstBoot, again.app.cluster!.bootId].sort());
    } finally {
      await db.end();
    }
  });

  it("answers ranges older than the live window from the nodes' minutes", async () => {
    const { clock, nodes, reference } = await threeNodesAndReference();
    await sendSplitTraffic(nodes, reference);
    // Two hours on: the 1-second rows are out of the live window, the minute is closed.
    clock.set(T0 + 2 * 3_600_000);
    for (const n of [...nodes, reference]) n.app.tickNow();
    await flushAll(nodes);
    expect(reference.app.flushNow().ok).toBe(true);
    const query = `from=${T0}&to=${T0 + 5 * 60_000}`;
    const expected = clusterTotals(await summaryOf(reference, query));
    expect(expected.kpis.responses).toBe(11);
    for (const n of nodes) expect(clusterTotals(await summaryOf(n, query))).toEqual(expected);
    const series = await seriesOf(reference, `from=${T0}&to=${T0 + 10 * 60_000}&group=trunk`);
    expect(series.stepMs).toBe(60_000);
    for (const n of nodes)
      expect(await seriesOf(n, `from=${T0}&to=${T0 + 10 * 60_000}&group=trunk`)).toEqual(series);
  });

  it('a node without a configured id is known by its host name', async () => {
    const url = await postgres.createDatabase();
    const live = await node(new ManualClock(T0), url, undefined);
    expect(live.app.cluster!.nodeId).toBe(hostname());
  });

  it('migrates the schema once, however many nodes start at the same time', async () => {
    const url = await postgres.createDatabase();
    const pools = [0, 1, 2, 3].map(() => new pg.Pool({ connectionString: url, max: 1 }));
    try {
      const applied = await Promise.all(pools.map((p) => migrateCluster(p)));
      // Every migration applied by one of them (the counts, the kept calls, then the alerts).
      expect(applied.sort()).toEqual([0, 0, 0, 3]);
      const { rows } = await pools[0]!.query<{ version: number }>(
        'SELECT version FROM cluster_schema ORDER BY version',
      );
      expect(rows).toEqual([{ version: 1 }, { version: 2 }, { version: 3 }]);
    } finally {
      await Promise.all(pools.map((p) => p.end()));
    }
  });

  it('rows a publish could not write while PostgreSQL refused go with the next one', async () => {
    const { url, clock, nodes, reference } = await threeNodesAndReference();
    const name = new URL(url).pathname.slice(1);
    const admin = new pg.Client({ connectionString: postgres.url() });
    await admin.connect();
    try {
      await admin.query(`ALTER DATABASE ${name} WITH ALLOW_CONNECTIONS false`);
      await admin.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1', [name]);
      await sendSplitTraffic(nodes, reference);
      clock.set(T0 + 61_000);
      for (const n of [...nodes, reference]) n.app.tickNow();
      await flushAll(nodes);
      for (const n of nodes) expect(n.app.cluster!.publisher.failures).toBeGreaterThan(0);
      const refusing = await fetch(`${nodes[0]!.base}/readyz`);
      expect(refusing.status).toBe(503);
      expect(await refusing.json()).toMatchObject({ ready: false, cluster: { state: 'failing' } });

      await admin.query(`ALTER DATABASE ${name} WITH ALLOW_CONNECTIONS true`);
      // Nodes b and c have nothing new: their next flush publishes only what waited.
      const more = httpEvents('a2', [200, 503], 'carrier-a');
      await postEvents(nodes[0]!, more);
      await postEvents(reference, more);
      await flushAll(nodes);
      const expected = clusterTotals(await summaryOf(reference));
      expect(expected.kpis.responses).toBe(13);
      for (const n of nodes) expect(clusterTotals(await summaryOf(n))).toEqual(expected);
      const ready = await fetch(`${nodes[0]!.base}/readyz`);
      expect(await ready.json()).toMatchObject({ cluster: { state: 'ok', staged: 0 } });
    } finally {
      await admin.end();
    }
  });

  it('a publish whose connection is killed mid-write is sent again and counted once', async () => {
    const { url, clock, nodes, reference } = await threeNodesAndReference();
    await sendSplitTraffic(nodes, reference);
    clock.set(T0 + 61_000);
    await flushAll(nodes);
    const more = httpEvents('a2', [200, 503], 'carrier-a');
    await postEvents(nodes[0]!, more);
    await postEvents(reference, more);

    const blocker = new pg.Client({ connectionString: url });
    const admin = new pg.Client({ connectionString: url });
    await blocker.connect();
    await admin.connect();
    try {
      // Node a's publish waits on the row lock, in the middle of its transaction, until killed.
      await blocker.query('BEGIN');
      await blocker.query("SELECT 1 FROM node_seconds WHERE node_id = 'a' FOR UPDATE");
      const a = nodes[0]!.app;
      expect(a.flushNow().ok).toBe(true);
      const writer = await until(async () => {
        const { rows } = await admin.query<{ pid: number }>(
          "SELECT pid FROM pg_stat_activity WHERE application_name = 'sipwatch a' AND wait_event_type = 'Lock'",
        );
        return rows[0]?.pid;
      }, "node a's publish waiting on the lock");
      await admin.query('SELECT pg_terminate_backend($1)', [writer]);
      await a.cluster!.settled();
      expect(a.cluster!.publisher.failures).toBe(1);
      await blocker.query('ROLLBACK');

      await flushAll([nodes[0]!]);
      expect(a.cluster!.publisher.failuresInRow).toBe(0);
      const expected = clusterTotals(await summaryOf(reference));
      expect(expected.kpis.responses).toBe(13);
      for (const n of nodes) expect(clusterTotals(await summaryOf(n))).toEqual(expected);
    } finally {
      await blocker.end();
      await admin.end();
    }
  });
  it("a node's live stream shows the whole cluster: snapshot, ticks, and late remote seconds as revisions", async () => {
    const { url, clock, nodes, reference } = await threeNodesAndReference();
    const [a, b, c] = nodes as [LiveApp, LiveApp, LiveApp];
    const onB = watch(b);
    const onReference = watch(reference);
    await Promise.all([onB.snapshots.next(), onReference.snapshots.next()]);

    // Second 60: the three nodes each count a part; b ticks once a's and c's flushes are in.
    await sendSplitTraffic(nodes, reference);
    clock.set(T0 + 61_000);
    for (const n of [a, c, reference]) n.app.tickNow();
    await flushAll([a, c]);
    await mirrored(b, [a, c]);
    b.app.tickNow();
    const [first, firstReference] = await Promise.all([onB.ticks.next(), onReference.ticks.next()]);
    expect(firstReference.kpis.responses).toBe(11);
    expect(liveParts(first)).toEqual(liveParts(firstReference));
    expect(first.point).toEqual(firstReference.point);

    // Second 61: a's events reach b only after b has sent that second, as a revised point.
    await postEvents(
      a,
      httpEvents('late', [503, 503, 200], 'carrier-c').map((e) => ({ ...e, ts: T0 + 61_300 })),
    );
    await postEvents(
      reference,
      httpEvents('late', [503, 503, 200], 'carrier-c').map((e) => ({ ...e, ts: T0 + 61_300 })),
    );
    clock.set(T0 + 62_000);
    for (const n of [...nodes, reference]) n.app.tickNow();
    const [sentEarly, second61] = await Promise.all([onB.ticks.next(), onReference.ticks.next()]);
    expect(sentEarly.point.responses).toBe(0);
    expect(second61.point.responses).toBe(3);
    await flushAll([a]);
    await mirrored(b, [a]);
    clock.set(T0 + 63_000);
    b.app.tickNow();
    reference.app.tickNow();
    const [revising, sameReference] = await Promise.all([onB.ticks.next(), onReference.ticks.next()]);
    expect(revising.revised).toEqual([second61.point]);
    expect(sameReference.revised).toBeUndefined();
    expect(liveParts(revising)).toEqual(liveParts(sameReference));

    // A dashboard opened on b now starts from the cluster's numbers.
    const late = watch(b);
    const fresh = watch(reference);
    const [snapshot, referenceSnapshot] = await Promise.all([late.snapshots.next(), fresh.snapshots.next()]);
    expect(referenceSnapshot.summary.kpis.responses).toBe(14);
    expect(clusterTotals(snapshot.summary)).toEqual(clusterTotals(referenceSnapshot.summary));
    expect(snapshot.series).toEqual(referenceSnapshot.series);

    // b published only what it counted itself (the 4 syslog lines), never what it mirrors.
    await flushAll([b]);
    const db = new pg.Client({ connectionString: url });
    await db.connect();
    try {
      const { rows } = await db.query<{ node_id: string; cells: Buffer }>(
        'SELECT node_id, cells FROM node_seconds ORDER BY node_id, second',
      );
      const countedBy = (id: string) =>
        rows.filter((r) => r.node_id === id).reduce((n, r) => n + decodeCells(r.cells).total(), 0);
      expect([countedBy('a'), countedBy('b'), countedBy('c')]).toEqual([7, 4, 3]);
    } finally {
      await db.end();
    }
  });

  it('a node that stops hearing flush notifications reads by polling, and listens again', async () => {
    const { url, clock, nodes, reference } = await threeNodesAndReference();
    const [a, b] = nodes as [LiveApp, LiveApp];
    const mirror = b.app.cluster!.mirror!;
    const onB = watch(b);
    const onReference = watch(reference);
    await Promise.all([onB.snapshots.next(), onReference.snapshots.next()]);
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    try {
      await admin.query(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'sipwatch b mirror'",
      );
      await until(() => !mirror.listening, "b's listening connection to close");
      const events = httpEvents('a', [200, 503, 503], 'carrier-a');
      await postEvents(a, events);
      await postEvents(reference, events);
      clock.set(T0 + 61_000);
      a.app.tickNow();
      await flushAll([a]);
      // No notification reaches b: what its fallback timer does each second brings a's rows.
      expect(mirror.revOf(a.app.cluster!.bootId)).toBe(0);
      await mirror.poll();
      expect(mirror.listening).toBe(true);
      b.app.tickNow();
      reference.app.tickNow();
      const [tick, expected] = await Promise.all([onB.ticks.next(), onReference.ticks.next()]);
      expect(expected.kpis.responses).toBe(3);
      expect(liveParts(tick)).toEqual(liveParts(expected));
      // Listening again: the next flush arrives by notification.
      await postEvents(
        a,
        events.map((e) => ({ ...e, callId: `again-${e.callId}` })),
      );
      a.app.tickNow();
      await flushAll([a]);
      await mirrored(b, [a]);
    } finally {
      await admin.end();
    }
  });

  it('the mirror holds the live window only', async () => {
    const { clock, nodes } = await threeNodesAndReference();
    const [a, b] = nodes as [LiveApp, LiveApp];
    await postEvents(a, httpEvents('a', [200, 503], 'carrier-a'));
    clock.set(T0 + 61_000);
    a.app.tickNow();
    await flushAll([a]);
    await mirrored(b, [a]);
    const remoteOf = (live: LiveApp) => live.app.cluster!.mirror!;
    expect(remoteOf(b).held).toBe(1);
    // Past the live window (an hour by default), the second is forgotten, not kept for ever.
    clock.set(T0 + 61_000 + 3_600_000);
    b.app.tickNow();
    expect(remoteOf(b).held).toBe(0);
  });
});

/** A dashboard on a node: its snapshots and ticks. */
function watch(live: LiveApp) {
  return watchDashboard(live, sockets);
}

/** Resolves once `reader`'s mirror has read the newest publish of each of `writers`. */
async function mirrored(reader: LiveApp, writers: LiveApp[]): Promise<void> {
  const mirror = reader.app.cluster!.mirror!;
  for (const w of writers) {
    const { bootId, publisher } = w.app.cluster!;
    await until(
      () => mirror.revOf(bootId) >= publisher.lastRev,
      `the mirror to read ${w.app.cluster!.nodeId}'s publish`,
    );
  }
}

/** What a tick says of the window (serverTime aside). */
function liveParts(t: Tick) {
  return { kpis: t.kpis, byClass: t.byClass, byCode: t.byCode, outcomes: t.outcomes };
}
