import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import type { CallDetail, CallsPage } from '@sipwatch/wire';
import { T0, until } from '@sipwatch/testing';
import { ManualClock } from '../clock.js';
import type { ConfigInput } from '../config.js';
import type { CallRecord } from '../store/store.js';
import { startLiveApp, tempDir } from '../test-support/live-app.js';
import type { LiveApp } from '../test-support/live-app.js';
import { postgresSuiteRuns, startPostgres } from '../test-support/postgres.js';
import type { TestPostgres } from '../test-support/postgres.js';
import { CALLER, CARRIER, callLegPackets, callMaker, sipCallPackets } from '../test-support/sip-calls.js';
import type { CallSpec } from '../test-support/sip-calls.js';
import { sendUdp } from '../test-support/udp.js';
import { upsertCalls } from './cluster-calls.js';

/**
 * Whole calls on a cluster: two nodes on one real PostgreSQL get different calls over real HEP/UDP;
 * node b searches and reads node a's as a plain node that got every call answers them.
 */

const runs = postgresSuiteRuns('cluster calls suite');

let postgres: TestPostgres;
const started: { live: LiveApp; cleanup(): void }[] = [];

beforeAll(async () => {
  if (runs) postgres = await startPostgres();
}, 60_000);
afterAll(() => postgres?.stop());
afterEach(async () => {
  for (const s of started.splice(0)) {
    await s.live.stop();
    s.cleanup();
  }
});

async function node(
  clock: ManualClock,
  cluster?: { url: string; nodeId: string },
  maskUserParts = false,
): Promise<LiveApp> {
  const tmp = tempDir();
  const config: ConfigInput = {
    syslog: { udp: false, tcp: false },
    calls: { sampleShare: 1 },
    ingest: { trunks: [{ name: 'carrier-b', cidrs: [`${CARRIER.ip}/32`] }], maskUserParts },
    ...(cluster && { cluster: { postgresUrl: cluster.url, nodeId: cluster.nodeId } }),
  };
  const live = await startLiveApp(tmp.dir, { clock, config });
  started.push({ live, cleanup: tmp.cleanup });
  return live;
}

const get = async <T>(live: LiveApp, path: string): Promise<T> => {
  const res = await fetch(`${live.base}${path}`);
  expect(res.status).toBe(200);
  return (await res.json()) as T;
};
const text = async (live: LiveApp, path: string): Promise<string> =>
  (await fetch(`${live.base}${path}`)).text();

const call = callMaker('cl', T0);

/** A client of the test's database for the duration of `use`. */
async function withDb<T>(url: string, use: (db: pg.Client) => Promise<T>): Promise<T> {
  const db = new pg.Client({ connectionString: url });
  await db.connect();
  try {
    return await use(db);
  } finally {
    await db.end();
  }
}

/** Sends the calls to `live` and to the reference, then flushes until both keep `total` calls. */
async function capture(live: LiveApp, reference: LiveApp, specs: CallSpec[], total: number): Promise<void> {
  const packets = specs.flatMap((s) => sipCallPackets(s));
  await sendUdp(live.ports.hepUdp!, packets);
  await sendUdp(reference.ports.hepUdp!, packets);
  await until(
    async () => {
      live.app.flushNow();
      reference.app.flushNow();
      await live.app.cluster!.settled();
      const mine = await get<CallsPage>(live, '/api/v1/calls?limit=200');
      const ref = await get<CallsPage>(reference, '/api/v1/calls?limit=200');
      return mine.calls.length === total && ref.calls.length === total;
    },
    { what: () => `${total} calls kept in the cluster and on the reference`, timeoutMs: 20_000 },
  );
}

async function twoNodesAndReference(maskUserParts = false) {
  const clock = new ManualClock(T0);
  const url = await postgres.createDatabase();
  const a = await node(clock, { url, nodeId: 'a' }, maskUserParts);
  const b = await node(clock, { url, nodeId: 'b' }, maskUserParts);
  const reference = await node(clock, undefined, maskUserParts);
  return { clock, url, a, b, reference };
}

const ids = async (live: LiveApp, query: string): Promise<string[]> =>
  (await get<CallsPage>(live, `/api/v1/calls?${query}`)).calls.map((c) => c.callId);

describe.runIf(runs)('whole calls in cluster mode', () => {
  it("node b finds node a's calls, pages both nodes' calls in one order, and reads a's ladder", async () => {
    const { a, b, reference } = await twoNodesAndReference();

    const onA = [
      call({ retransmitFinal: true }),
      call({ finalCode: 486, finalReason: 'Busy Here', from: '+3312340001' }),
    ];
    const onB = [call(), call({ finalCode: 200, finalReason: 'OK', from: '+3312340002' })];
    await capture(a, reference, onA, 2);
    await capture(b, reference, onB, 4);

    // The same searches on node b (and on a) as on one node that got every call.
    for (const query of [
      `callId=${encodeURIComponent(onA[0]!.callId)}`,
      'number=%2B331234',
      'fromUser=%2B4930555',
      `toUser=${encodeURIComponent(onA[1]!.to)}`,
      'trunk=carrier-b&code=503',
      'code=486',
      `from=${onA[1]!.at}&to=${onB[0]!.at + 1}`,
      'limit=200',
    ]) {
      const expected = await ids(reference, query);
      expect(expected.length, query).toBeGreaterThan(0);
      expect(await ids(b, query), query).toEqual(expected);
      expect(await ids(a, query), query).toEqual(expected);
    }
    expect(await ids(b, `callId=${encodeURIComponent(onA[0]!.callId)}`)).toEqual([onA[0]!.callId]);
    expect(await ids(b, 'number=%2B331234')).toEqual([onB[1]!.callId, onA[1]!.callId]);
    expect(await ids(b, 'trunk=carrier-b&code=503')).toEqual([onB[0]!.callId, onA[0]!.callId]);

    // Pages of two across both nodes: newest kept first, each call once.
    const paged: string[] = [];
    let cursor: string | null = '';
    while (cursor !== null) {
      const page: CallsPage = await get<CallsPage>(
        b,
        `/api/v1/calls?limit=2${cursor === '' ? '' : `&cursor=${cursor}`}`,
      );
      paged.push(...page.calls.map((c) => c.callId));
      cursor = page.calls.length === 2 ? page.nextCursor : null;
    }
    expect(paged).toEqual([onB[1], onB[0], onA[1], onA[0]].map((c) => c!.callId));

    // Node a's call read on node b: the same call, messages, ladder and pcap-ng as one node shows.
    const path = `/api/v1/calls/${encodeURIComponent(onA[0]!.callId)}`;
    const detail = await get<CallDetail>(b, path);
    expect(detail).toEqual(await get<CallDetail>(reference, path));
    expect(detail.call).toMatchObject({ code: 503, trunk: 'carrier-b', source: 'proxy-1', messages: 6 });
    expect(detail.messages.map((m) => m.retransmission)).toEqual([false, false, false, false, false, true]);
    const ladder = await text(b, `${path}/ladder`);
    expect(ladder).toContain('503 Service Unavailable  [retransmission]');
    expect(ladder).toBe(await text(reference, `${path}/ladder`));
    expect(ladder).toBe(await text(a, `${path}/ladder`));
    const pcap = async (live: LiveApp) =>
      Buffer.from(await (await fetch(`${live.base}${path}/pcapng`)).arrayBuffer());
    expect((await pcap(b)).equals(await pcap(reference))).toBe(true);

    const missing = await fetch(`${b.base}/api/v1/calls/nobody%40nowhere`);
    expect(missing.status).toBe(404);
  });

  it('a call captured on two nodes (one agent per hop) reads as one call, each packet once', async () => {
    const { a, b, reference } = await twoNodesAndReference();
    const spec = call({ finalCode: 486, finalReason: 'Busy Here' });
    const proxy = { ip: '198.51.100.7', port: 5060 };
    // The proxy's agent traces the caller's hop to node a; the carrier-side agent the next hop to
    // node b, 1 ms later; a duplicated feed also sends the carrier hop's INVITE to node a.
    const callerHop = callLegPackets(spec, CALLER, proxy, { nodeName: 'edge-proxy' });
    const carrierHop = callLegPackets(spec, proxy, CARRIER, { nodeName: 'carrier-sbc' }, 1);
    await sendUdp(a.ports.hepUdp!, [...callerHop, carrierHop[0]!]);
    await sendUdp(b.ports.hepUdp!, carrierHop);
    // One node that got both agents' packets, in capture order.
    const both = callerHop.flatMap((p, i) => [p, carrierHop[i]!]);
    await sendUdp(reference.ports.hepUdp!, both);
    await until(
      async () => {
        a.app.flushNow();
        b.app.flushNow();
        reference.app.flushNow();
        await a.app.cluster!.settled();
        await b.app.cluster!.settled();
        return (await ids(a, 'limit=10')).length === 2 && (await ids(reference, 'limit=10')).length === 1;
      },
      { what: 'both copies in the cluster, one call on the reference', timeoutMs: 20_000 },
    );

    const path = `/api/v1/calls/${encodeURIComponent(spec.callId)}`;
    const merged = await get<CallDetail>(b, path);
    const single = await get<CallDetail>(reference, path);
    expect(merged.messages).toEqual(single.messages);
    expect(merged.messages).toHaveLength(callerHop.length * 2);
    expect(merged.messages.some((m) => m.retransmission)).toBe(false);
    expect(new Set(merged.messages.map((m) => m.agent))).toEqual(new Set(['edge-proxy', 'carrier-sbc']));
    const fields = ({ call: c }: CallDetail) => [c.startedAt, c.lastAt, c.messages, c.code, c.result];
    expect(fields(merged)).toEqual(fields(single));
    expect(merged.call.code).toBe(486);
    expect(await get<CallDetail>(a, path)).toEqual(merged);
    expect(await text(b, `${path}/ladder`)).toContain('carrier-sbc');
  });

  it('a replayed, older or retried publish of a call adds no message and changes nothing', async () => {
    const { url, a, b, reference } = await twoNodesAndReference();
    const spec = call({ retransmitFinal: true });
    await capture(a, reference, [spec], 1);
    const path = `/api/v1/calls/${encodeURIComponent(spec.callId)}`;
    const before = await get<CallDetail>(b, path);

    // What a's flush published, built again from a's own SQLite file, and sent again.
    const kept = a.app.live.store.readCall(spec.callId)!;
    const { startedAt: _s, lastAt: _l, messages: _m, truncated: _t, ...record } = kept.call;
    const keep = {
      record: record as CallRecord,
      fromUser: spec.from,
      toUser: spec.to,
      messages: kept.messages,
      truncated: false,
    };
    await withDb(url, async (db) => {
      const { rows } = await db.query<{ rev: string }>('SELECT rev FROM cluster_calls WHERE call_id = $1', [
        spec.callId,
      ]);
      const rev = Number(rows[0]!.rev);
      const node = { nodeId: 'a', bootId: a.app.cluster!.bootId };
      const tail = { callId: spec.callId, from: 3, messages: kept.messages.slice(3), truncated: false };
      // The same publish again, an older one, and a retry under a newer rev after an unknown commit.
      await upsertCalls(db, node, { rev, keeps: [keep], appends: [] });
      await upsertCalls(db, node, { rev, keeps: [], appends: [tail] });
      await upsertCalls(db, node, { rev: rev - 1, keeps: [keep], appends: [tail] });
      await upsertCalls(db, node, { rev: rev + 1, keeps: [keep], appends: [tail] });
      const count = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM cluster_call_messages');
      expect(count.rows[0]!.n).toBe(6);
    });
    expect(await get<CallDetail>(b, path)).toEqual(before);
    expect(before.messages).toHaveLength(6);
  });

  it('drops calls past calls.retentionHours from the cluster', async () => {
    const { clock, a, b, reference } = await twoNodesAndReference();
    await capture(a, reference, [call()], 1);
    clock.advance(73 * 3_600_000);
    await until(
      async () => {
        a.app.flushNow();
        await a.app.cluster!.settled();
        return (await ids(b, 'limit=200')).length === 0;
      },
      { what: 'the call past 72 hours deleted from PostgreSQL', timeoutMs: 20_000 },
    );
  });

  it('keeps user parts masked in the cluster when the capturing node masks them', async () => {
    const { url, a, b, reference } = await twoNodesAndReference(true);
    const spec = call();
    await capture(a, reference, [spec], 1);
    const path = `/api/v1/calls/${encodeURIComponent(spec.callId)}`;
    const detail = await get<CallDetail>(b, path);
    expect(detail.call.from).toBe('sip:***@example.net');
    const everything = JSON.stringify(detail) + (await text(b, `${path}/ladder`));
    expect(everything).not.toContain(spec.from);
    expect(everything).not.toContain(spec.to);
    expect(await ids(b, `number=${encodeURIComponent(spec.from)}`)).toEqual([]);
    await withDb(url, async (db) => {
      const { rows } = await db.query<{ all: string }>(
        "SELECT string_agg(m.message || c.summary::text || coalesce(c.from_user, ''), '') AS all FROM cluster_call_messages m JOIN cluster_calls c ON c.id = m.call",
      );
      expect(rows[0]!.all).toContain(spec.callId);
      expect(rows[0]!.all).not.toContain(spec.from);
    });
  });

  it('calls kept while PostgreSQL refuses connections go with the next flush once it accepts again', async () => {
    const { url, a, b, reference } = await twoNodesAndReference();
    const name = new URL(url).pathname.slice(1);
    const spec = call();
    await withDb(postgres.url(), async (admin) => {
      await admin.query(`ALTER DATABASE ${name} WITH ALLOW_CONNECTIONS false`);
      await admin.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1', [name]);
      await sendUdp(reference.ports.hepUdp!, sipCallPackets(spec));
      await sendUdp(a.ports.hepUdp!, sipCallPackets(spec));
      // Kept in a's SQLite file, refused by PostgreSQL.
      await until(
        async () => {
          a.app.flushNow();
          await a.app.cluster!.settled();
          return (
            a.app.live.store.readCall(spec.callId)?.messages.length === 5 &&
            a.app.cluster!.calls.failuresInRow > 0
          );
        },
        { what: "a's call kept locally and its publish refused", timeoutMs: 20_000 },
      );
      await admin.query(`ALTER DATABASE ${name} WITH ALLOW_CONNECTIONS true`);
    });
    await until(
      async () => {
        a.app.flushNow();
        await a.app.cluster!.settled();
        return (await ids(b, 'limit=200')).length === 1;
      },
      { what: 'the call in the cluster after PostgreSQL accepts again', timeoutMs: 20_000 },
    );
    const path = `/api/v1/calls/${encodeURIComponent(spec.callId)}`;
    await until(async () => {
      reference.app.flushNow();
      return (await fetch(`${reference.base}${path}`)).ok;
    }, 'the reference keeps it');
    expect(await get<CallDetail>(b, path)).toEqual(await get<CallDetail>(reference, path));
  });
});
