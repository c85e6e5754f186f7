import { expect, test } from '@playwright/test';
import { until } from '@sipwatch/testing';
import type { ClusterResponse, Summary } from '@sipwatch/wire';
import { SipwatchServer } from '../fixtures/server.js';
import type { WebhookEvent } from '../fixtures/server.js';
// The throwaway-PostgreSQL helper and the committed-row reads, shared with the server's cluster suite.
import { postgresSuiteRuns, startPostgres } from '../../apps/server/src/test-support/postgres.js';
import type { TestPostgres } from '../../apps/server/src/test-support/postgres.js';
import {
  committedEventsByNode,
  unsentAlertNotifications,
} from '../../apps/server/src/test-support/cluster-rows.js';
import { startReceiver } from '../../apps/server/src/alerts/testing/receiver.js';
import type { Receiver } from '../../apps/server/src/alerts/testing/receiver.js';
import { IDEMPOTENCY_HEADER } from '../../apps/server/src/alerts/payload.js';

/**
 * Cluster nodes as real processes (`node dist/main.js`) on one real PostgreSQL, and what a
 * `kill -9` of one of them costs (issue 14): an ingest node loses at most what it had not
 * published yet, and the alert lead moves to another node without a second page. No browser page:
 * the test talks HTTP to the nodes and reads PostgreSQL.
 */
const runs = postgresSuiteRuns('cluster processes e2e');
let postgres: TestPostgres | undefined;
let receiver: Receiver | undefined;
const nodes: SipwatchServer[] = [];

test.beforeAll(async () => {
  if (runs) postgres = await startPostgres();
});
test.afterAll(() => postgres?.stop());
test.afterEach(async () => {
  const testInfo = test.info();
  // A failed run keeps the nodes' logs in the report: the data dirs go with dispose().
  if (testInfo.status !== testInfo.expectedStatus)
    for (const [i, n] of nodes.entries())
      await testInfo
        .attach(`node-${i}.log`, { path: n.logFile, contentType: 'text/plain' })
        .catch(() => undefined);
  for (const n of nodes.splice(0)) await n.dispose();
  await receiver?.close();
  receiver = undefined;
});

const FLUSH_INTERVAL_MS = 1_000;

function clusterNodes(url: string, ids: string[], config: Record<string, unknown> = {}): SipwatchServer[] {
  const started = ids.map(
    (id) =>
      new SipwatchServer(
        { storage: { flushIntervalMs: FLUSH_INTERVAL_MS }, ...config },
        { SIPWATCH_CLUSTER_URL: url, SIPWATCH_NODE_ID: id },
      ),
  );
  nodes.push(...started);
  return started;
}

async function getJson<T>(url: string): Promise<T> {
  const res = await fetch(url);
  expect(res.status, url).toBe(200);
  return (await res.json()) as T;
}

/** Responses counted in a node's /summary since `from` (the cluster's, on a cluster node). */
async function summaryCount(node: SipwatchServer, from: number): Promise<number> {
  const summary = await getJson<Summary>(`${node.url}/api/v1/summary?from=${from}&to=${Date.now()}`);
  return Object.values(summary.byCode).reduce((sum, n) => sum + n, 0);
}

let seq = 0;
/**
 * `n` distinct answers (no `ts`: the node stamps the arrival), so none is deduped: all with `code`,
 * or without it a mix (one in ten a 503).
 */
function batch(n: number, tag: string, code?: number): WebhookEvent[] {
  return Array.from({ length: n }, (_, i) => ({
    code: code ?? (i % 10 === 0 ? 503 : 200),
    method: 'INVITE',
    scope: 'call',
    callId: `${tag}-${++seq}@procs.invalid`,
    cseq: 1,
    trunk: `trunk-${i % 5}`,
  }));
}

interface Feed {
  /** Events the node answered 200 for, in total and per second of the answer. */
  acked: number;
  ackedPerSecond: Map<number, number>;
  /** Requests that failed (the node was killed while they were in flight): not acknowledged. */
  failed: number;
  stopped: boolean;
  done: Promise<void>;
}

const RATE_PER_NODE = 2_000;
const BATCH = 100;

/**
 * Posts `RATE_PER_NODE` events a second to one node in batches of `BATCH`, paced from the start
 * (a late batch is sent at once, never more than planned), until `untilMs` or `stop()`.
 */
function feed(node: SipwatchServer, tag: string, untilMs: number): Feed & { stop(): void } {
  const state: Feed & { stop(): void } = {
    acked: 0,
    ackedPerSecond: new Map(),
    failed: 0,
    stopped: false,
    done: Promise.resolve(),
    stop() {
      state.stopped = true;
    },
  };
  const everyMs = (BATCH * 1000) / RATE_PER_NODE;
  const url = `${node.url}/api/v1/events`;
  state.done = (async () => {
    const started = Date.now();
    for (let k = 0; !state.stopped; k++) {
      const due = started + k * everyMs;
      if (due >= untilMs) break;
      const wait = due - Date.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      if (state.stopped) break;
      try {
        const res = await fetch(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(batch(BATCH, tag)),
        });
        const body = (await res.json()) as { accepted?: number };
        if (res.status !== 200) throw new Error(`POST ${url}: ${res.status} ${JSON.stringify(body)}`);
        const second = Math.floor(Date.now() / 1000);
        state.acked += body.accepted ?? 0;
        state.ackedPerSecond.set(second, (state.ackedPerSecond.get(second) ?? 0) + (body.accepted ?? 0));
      } catch (err) {
        if (!state.stopped) throw err;
        state.failed += BATCH;
      }
    }
  })();
  return state;
}

test.describe('cluster processes', () => {
  test.skip(!runs, 'PostgreSQL 15 is not installed');

  test('three nodes under load, one killed -9: counted = committed, survivors lose nothing, the dead node at most its last flush', async () => {
    test.setTimeout(90_000);
    const url = await postgres!.createDatabase();
    const [a, b, c] = clusterNodes(url, ['a', 'b', 'c']) as [SipwatchServer, SipwatchServer, SipwatchServer];
    await Promise.all([a.start(), b.start(), c.start()]);

    const from = Date.now() - 1_000;
    const end = Date.now() + 20_000;
    const feeds = { a: feed(a, 'a', end), b: feed(b, 'b', end), c: feed(c, 'c', end) };
    // Mid-run, c dies without a flush: its feed stops, what was in flight is not acknowledged.
    await new Promise((r) => setTimeout(r, 10_000));
    feeds.c.stop();
    await c.kill();
    await Promise.all(Object.values(feeds).map((f) => f.done));

    // The survivors publish everything they acknowledged (their next flushes).
    const committed = await until(
      async () => {
        const rows = await committedEventsByNode(url);
        return (rows.get('a') ?? 0) >= feeds.a.acked && (rows.get('b') ?? 0) >= feeds.b.acked && rows;
      },
      { what: 'a and b to publish what they acknowledged', timeoutMs: 30_000, everyMs: 200 },
    );
    const inPostgres = (id: string) => committed.get(id) ?? 0;
    expect(inPostgres('a')).toBe(feeds.a.acked);
    expect(inPostgres('b')).toBe(feeds.b.acked);

    // What the dead node lost: what it acknowledged after its last committed publish.
    const missing = feeds.c.acked - inPostgres('c');
    const peakPerSecond = Math.max(...feeds.c.ackedPerSecond.values());
    const oneInterval = Math.ceil((peakPerSecond * FLUSH_INTERVAL_MS) / 1000);
    console.log(
      `kill -9 of an ingest node: acked a ${feeds.a.acked}, b ${feeds.b.acked}, c ${feeds.c.acked} (peak ${peakPerSecond}/s); ` +
        `c missing ${missing} = ${(missing / oneInterval).toFixed(2)} flush interval(s) at its peak rate`,
    );
    expect(missing).toBeGreaterThanOrEqual(0);
    // The flush interval it died in, plus the one before when its publish was still in flight at
    // the kill (a flush is published after its local write, so its rows commit a little later).
    expect(missing).toBeLessThanOrEqual(2 * oneInterval);

    // Any survivor counts exactly the committed rows of all three, the dead node's included.
    const total = inPostgres('a') + inPostgres('b') + inPostgres('c');
    for (const node of [a, b]) expect(await summaryCount(node, from)).toBe(total);
    // Nothing more arrives: the dead node's rows are final.
    expect((await committedEventsByNode(url)).get('c') ?? 0).toBe(inPostgres('c'));
  });

  test('the alert leader killed -9: the other node takes the lead, the alert stays firing, the resolve is sent once', async () => {
    test.setTimeout(90_000);
    receiver = await startReceiver();
    const url = await postgres!.createDatabase();
    const [a, b] = clusterNodes(url, ['a', 'b'], { alerts: { allowTargets: ['127.0.0.1/32'] } }) as [
      SipwatchServer,
      SipwatchServer,
    ];
    await Promise.all([a.start(), b.start()]);
    const leaderId = await until(
      async () => (await getJson<ClusterResponse>(`${a.url}/api/v1/cluster`)).alertLeader ?? undefined,
      { what: 'a node to take the alert lead', timeoutMs: 20_000, everyMs: 100 },
    );
    const [leader, standby, standbyId] = leaderId === 'a' ? [a, b, 'b'] : [b, a, 'a'];

    const created = await fetch(`${standby.url}/api/v1/alerts/rules`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        id: 'busy-503',
        name: '503s on the cluster',
        metric: 'code_count',
        code: 503,
        comparison: 'gte',
        threshold: 4,
        window: '10s',
        pendingFor: '0s',
        keepFiringFor: '0s',
        minVolume: 1,
        severity: 'critical',
        notify: [{ type: 'webhook', url: receiver.url }],
      }),
    });
    expect(created.status, await created.clone().text()).toBe(201);

    // 503s to both nodes every 500 ms keep the rule firing until the failover is over.
    let code = 503;
    let posting = true;
    const traffic = (async () => {
      while (posting) {
        // After the kill, the posts to the dead leader fail; the survivor's carry on.
        for (const n of code === 503 ? [a, b] : [standby])
          await n.postEvents(batch(2, 'alert', code)).catch(() => undefined);
        await new Promise((r) => setTimeout(r, 500));
      }
    })();
    const stateOn = async (node: SipwatchServer) =>
      (
        await getJson<{ alerts: { rule: { id: string }; state: { state: string; firingSince?: number } }[] }>(
          `${node.url}/api/v1/alerts`,
        )
      ).alerts.find((v) => v.rule.id === 'busy-503')?.state;
    await until(() => receiver!.requests.length >= 1, { what: 'the firing notification', timeoutMs: 20_000 });
    const firing = await until(
      async () => ((await stateOn(standby))?.state === 'firing' ? stateOn(standby) : false),
      {
        what: 'the standby to show the alert firing',
        timeoutMs: 20_000,
      },
    );

    // Killed once the firing notification is marked sent: a kill between the send and its mark
    // sends it again, with the same Idempotency-Key (docs/cluster.md), which is not this case.
    await until(async () => (await unsentAlertNotifications(url)) === 0, {
      what: 'the firing notification to be marked sent',
      timeoutMs: 20_000,
    });
    const killedAt = performance.now();
    await leader.kill();
    await until(
      async () => (await getJson<ClusterResponse>(`${standby.url}/api/v1/cluster`)).alertLeader === standbyId,
      { what: 'the standby to take the alert lead', timeoutMs: 20_000, everyMs: 20 },
    );
    const takeoverMs = performance.now() - killedAt;
    console.log(
      `alert leader takeover after kill -9: ${takeoverMs.toFixed(0)} ms (to /api/v1/cluster naming it)`,
    );

    // The new leader goes on from the stored state: the same firing alert (the history and the
    // receiver below show no second firing).
    await until(
      async () =>
        (await getJson<ClusterResponse>(`${standby.url}/api/v1/cluster`)).boots.find(
          (x) => x.nodeId === standbyId && x.alerts === 'leader',
        ) !== undefined,
      { what: 'the standby to be named leader in its boots', timeoutMs: 20_000 },
    );
    const still = await stateOn(standby);
    expect(still?.state).toBe('firing');
    expect(still?.firingSince).toBe(firing?.firingSince);

    // Recovery: answers only, to the survivor, until the 503s have left the 10 s window.
    code = 200;
    await until(async () => (await stateOn(standby))?.state === 'resolved', {
      what: 'the alert to resolve on the new leader',
      timeoutMs: 40_000,
      everyMs: 250,
    });
    posting = false;
    await traffic;
    await until(async () => receiver!.requests.length >= 2 && (await unsentAlertNotifications(url)) === 0, {
      what: 'the resolve to be sent and every outbox row marked sent',
      timeoutMs: 20_000,
    });

    const bodies = receiver.requests.map((r) => ({
      ...(JSON.parse(r.body) as { status: string; transitionId: number }),
      key: r.headers[IDEMPOTENCY_HEADER],
    }));
    expect(bodies.map((x) => x.status)).toEqual(['firing', 'resolved']);
    for (const body of bodies) expect(body.key).toBe(String(body.transitionId));
    expect(new Set(bodies.map((x) => x.transitionId)).size).toBe(2);
    const { history } = await getJson<{ history: { id: number; from: string; to: string }[] }>(
      `${standby.url}/api/v1/alerts/history?rule=busy-503`,
    );
    expect(history.map((t) => `${t.from}>${t.to}`)).toEqual(['firing>resolved', 'ok>firing']);
    expect(bodies.map((x) => x.transitionId)).toEqual([history[1]!.id, history[0]!.id]);
  });
});
