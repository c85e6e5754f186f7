import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../clock.js';
import { startReceiver } from '../alerts/testing/receiver.js';
import type { Receiver } from '../alerts/testing/receiver.js';
import { startLiveApp, tempDir } from '../test-support/live-app.js';
import type { LiveApp } from '../test-support/live-app.js';
import { postgresSuiteRuns, startPostgres } from '../test-support/postgres.js';
import type { TestPostgres } from '../test-support/postgres.js';
import pg from 'pg';
import { IDEMPOTENCY_HEADER } from '../alerts/payload.js';
import type { AlertNotification, AlertWebhookBody } from '../alerts/payload.js';
import { io as connect } from 'socket.io-client';
import type { Socket } from 'socket.io-client';
import type {
  AlertStateEvent,
  AlertTransition,
  AlertView,
  ClientToServerEvents,
  ClusterResponse,
  ServerToClientEvents,
} from '@sipwatch/wire';
import { T0, until as untilWithin } from '@sipwatch/testing';

/**
 * Alerts on a cluster: nodes on one real PostgreSQL and one clock, events sent over real HTTP to
 * different nodes (the test plays the load balancer), notifications to a real HTTP receiver.
 */

const runs = postgresSuiteRuns('cluster alerts suite');

/** `until` with a generous bound: the machine is shared, and each wait crosses PostgreSQL. */
function until<T>(
  check: () => T | undefined | false | Promise<T | undefined | false>,
  what: string,
): Promise<T> {
  return untilWithin(check, { what, timeoutMs: 20_000 });
}

let postgres: TestPostgres;
let receiver: Receiver;
const started: { live: LiveApp; cleanup(): void }[] = [];

beforeAll(async () => {
  if (runs) postgres = await startPostgres();
}, 60_000);
afterAll(() => postgres?.stop());
beforeEach(async () => {
  receiver = await startReceiver();
});
afterEach(async () => {
  for (const socket of sockets.splice(0)) socket.disconnect();
  for (const s of started.splice(0)) {
    await s.live.stop();
    s.cleanup();
  }
  await receiver.close();
});

async function node(clock: ManualClock, url: string, nodeId: string, alerts = true): Promise<LiveApp> {
  const tmp = tempDir();
  const live = await startLiveApp(tmp.dir, {
    clock,
    config: {
      cluster: { postgresUrl: url, nodeId, alerts },
      alerts: { allowTargets: ['127.0.0.1/32'] },
    },
  });
  started.push({ live, cleanup: tmp.cleanup });
  return live;
}

let callSeq = 0;

/** `n` answers with `code` on carrier-a at the clock's time, posted to one node. */
async function post(live: LiveApp, code: number, n: number): Promise<void> {
  const items = Array.from({ length: n }, () => ({
    ts: live.clock.now(),
    code,
    method: 'INVITE',
    scope: 'call',
    callId: `c-${++callSeq}@cluster-alerts`,
    cseq: 1,
    trunk: 'carrier-a',
  }));
  const res = await fetch(`${live.base}/api/v1/events`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(items),
  });
  expect(res.status, await res.clone().text()).toBeLessThan(300);
}

/** Every node flushes and publishes; then each node's mirror holds every other's rows. */
async function publishAll(nodes: LiveApp[]): Promise<void> {
  for (const n of nodes) {
    expect(n.app.flushNow().ok).toBe(true);
    await n.app.cluster!.settled();
  }
  for (const reader of nodes)
    for (const w of nodes) {
      if (w === reader) continue;
      const { bootId, publisher } = w.app.cluster!;
      await until(
        () => reader.app.cluster!.mirror!.revOf(bootId) >= publisher.lastRev,
        `${reader.app.cluster!.nodeId} to mirror ${w.app.cluster!.nodeId}`,
      );
    }
}

async function createRule(live: LiveApp, body: Record<string, unknown>): Promise<void> {
  const res = await fetch(`${live.base}/api/v1/alerts/rules`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  expect(res.status, await res.clone().text()).toBe(201);
}

async function alertOf(live: LiveApp, id: string): Promise<AlertView> {
  const res = await fetch(`${live.base}/api/v1/alerts/rules/${id}`);
  expect(res.status).toBe(200);
  return (await res.json()) as AlertView;
}

const RULE = {
  id: 'busy-503',
  name: '503s on carrier-a',
  metric: 'code_count',
  code: 503,
  comparison: 'gte',
  threshold: 4,
  window: '1m',
  pendingFor: '0s',
  keepFiringFor: '0s',
  minVolume: 1,
  severity: 'critical',
};

type Client = Socket<ServerToClientEvents, ClientToServerEvents>;
const sockets: Client[] = [];

/** A dashboard on a node: the alert events it hears. */
function dashboard(live: LiveApp): { events: AlertStateEvent[] } {
  const socket: Client = connect(live.base, { transports: ['websocket'], reconnection: false });
  sockets.push(socket);
  const events: AlertStateEvent[] = [];
  socket.on('alert:state', (e) => events.push(e));
  return { events };
}

/** Ticks the nodes in order, each evaluation (or reload) done before the next node ticks. */
async function tick(nodes: LiveApp[]): Promise<void> {
  for (const n of nodes) {
    n.app.tickNow();
    await n.app.alerting.cluster!.settled();
  }
}

async function alertsOf(live: LiveApp): Promise<AlertView[]> {
  const res = await fetch(`${live.base}/api/v1/alerts`);
  expect(res.status).toBe(200);
  return ((await res.json()) as { alerts: AlertView[] }).alerts;
}

/** What each node's /api/v1/alerts says of the rule: its state and since when it fires. */
async function sameStateOn(nodes: LiveApp[], id: string, state: string): Promise<void> {
  for (const n of nodes)
    await until(async () => {
      const view = (await alertsOf(n)).find((v) => v.rule.id === id);
      return view?.state.state === state;
    }, `${n.app.cluster!.nodeId} to show ${id} ${state}`);
  const views = await Promise.all(nodes.map(async (n) => (await alertsOf(n)).find((v) => v.rule.id === id)!));
  for (const v of views) expect(v.state.firingSince).toBe(views[0]!.state.firingSince);
}

/** The webhook bodies received, with the Idempotency-Key each came with. */
function received(): (AlertWebhookBody & { key: string | undefined })[] {
  return receiver.requests.map((r) => ({
    ...(JSON.parse(r.body) as AlertWebhookBody),
    key: r.headers[IDEMPOTENCY_HEADER] as string | undefined,
  }));
}

function terminate(url: string, applicationName: string): Promise<unknown> {
  return withClient(url, (c) =>
    c.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1', [
      applicationName,
    ]),
  );
}

async function withClient<T>(url: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** `n` answers with `code` posted to each node in one second, published, then the next tick. */
async function trafficOnBoth(a: LiveApp, b: LiveApp, code: number, n: number): Promise<void> {
  await post(a, code, n);
  await post(b, code, n);
  a.clock.advance(1_000);
  await tick([a, b]);
  await publishAll([a, b]);
  a.clock.advance(1_000);
  await tick([a, b]);
}

/** Two nodes on a database of their own and one clock. */
async function twoNodes() {
  const url = await postgres.createDatabase();
  const clock = new ManualClock(T0 + 60_000);
  return { url, clock, a: await node(clock, url, 'a'), b: await node(clock, url, 'b') };
}

describe.runIf(runs)('alerts on a cluster', () => {
  it('a rule counts the 503s every node received, not only its own', async () => {
    const { a, b } = await twoNodes();
    await createRule(b, RULE);
    // Two 503s to each node: neither alone reaches the threshold of 4.
    await trafficOnBoth(a, b, 503, 2);
    await sameStateOn([a, b], 'busy-503', 'firing');
    expect((await alertOf(b, 'busy-503')).state.value).toBe(4);
  });

  it('one leader pages once per transition; when its session dies the other takes over, keeps the state and resolves once', async () => {
    const { url, clock, a, b } = await twoNodes();
    // Made on b, evaluated by a: rules live in PostgreSQL.
    await createRule(b, { ...RULE, notify: [{ type: 'webhook', url: receiver.url }] });
    await tick([a, b]);
    expect(a.app.alerting.cluster!.isLeader).toBe(true);
    expect(b.app.alerting.cluster!.isLeader).toBe(false);

    await trafficOnBoth(a, b, 503, 2);
    for (let s = 0; s < 3; s++) {
      clock.advance(1_000);
      await tick([a, b]);
    }
    await sameStateOn([a, b], 'busy-503', 'firing');
    await until(() => receiver.requests.length >= 1, 'the firing notification');

    // The leader's lock session dies: b takes over at its next tick.
    const killedAt = performance.now();
    await terminate(url, 'sipwatch a alerts');
    await until(() => !a.app.alerting.cluster!.isLeader, 'a to notice it lost the lead');
    let ticks = 0;
    await until(async () => {
      ticks += 1;
      clock.advance(1_000);
      await tick([b]);
      return b.app.alerting.cluster!.isLeader;
    }, 'b to take the alert lead');
    const takeoverMs = performance.now() - killedAt;
    console.log(
      `alert leader takeover after pg_terminate_backend: ${takeoverMs.toFixed(0)} ms, ${ticks} tick(s) of b`,
    );
    const leader = (await (await fetch(`${a.base}/api/v1/cluster`)).json()) as ClusterResponse;
    expect(leader.alertLeader).toBe('b');
    // a's next tick opens a new session: it is a standby now.
    clock.advance(1_000);
    await tick([a, b]);
    const roles = (await (await fetch(`${b.base}/api/v1/cluster`)).json()) as ClusterResponse;
    expect(Object.fromEntries(roles.boots.map((x) => [x.nodeId, x.alerts]))).toEqual({
      a: 'standby',
      b: 'leader',
    });

    // Still failing: the state is kept, no second firing notification.
    for (let s = 0; s < 3; s++) {
      clock.advance(1_000);
      await tick([a, b]);
    }
    await sameStateOn([a, b], 'busy-503', 'firing');

    // Recovery: answered calls only, once the 503s have left the 1-minute window.
    clock.advance(60_000);
    await trafficOnBoth(a, b, 200, 3);
    await sameStateOn([a, b], 'busy-503', 'resolved');
    await until(() => receiver.requests.length >= 2, 'the resolved notification');
    await b.app.alerting.notifier.idle();
    await a.app.alerting.notifier.idle();

    const bodies = received();
    expect(bodies.map((x) => x.status)).toEqual(['firing', 'resolved']);
    for (const body of bodies) expect(body.key).toBe(String(body.transitionId));
    expect(new Set(bodies.map((x) => x.transitionId)).size).toBe(2);

    // Both nodes read the same history from PostgreSQL.
    const historyOf = async (n: LiveApp) =>
      (
        (await (await fetch(`${n.base}/api/v1/alerts/history?rule=busy-503`)).json()) as {
          history: AlertTransition[];
        }
      ).history;
    const history = await historyOf(b);
    expect(history.map((t) => `${t.from}>${t.to}`)).toEqual(['firing>resolved', 'ok>firing']);
    expect(await historyOf(a)).toEqual(history);
    expect(bodies.map((x) => x.transitionId)).toEqual([history[1]!.id, history[0]!.id]);
  });

  it("every node's dashboards hear the leader's alert events and another node's ack, once each", async () => {
    const { clock, a, b } = await twoNodes();
    await createRule(b, RULE);
    await tick([a, b]);
    expect(a.app.alerting.cluster!.isLeader).toBe(true);
    const onA = dashboard(a);
    const onB = dashboard(b);
    // Both adapters are listening: a sees b's dashboard through PostgreSQL.
    await until(
      async () => (await a.app.io.fetchSockets()).length === 2,
      'the adapters to see both dashboards',
    );

    await trafficOnBoth(a, b, 503, 2);
    await sameStateOn([a, b], 'busy-503', 'firing');
    const firing = (e: AlertStateEvent) => e.transition?.to === 'firing';
    for (const d of [onA, onB])
      await until(() => d.events.some(firing), 'the firing event on each dashboard');

    // Acked on b (not the leader): both dashboards hear it, and the leader keeps it.
    const ack = await fetch(`${b.base}/api/v1/alerts/busy-503/ack`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ note: 'on it' }),
    });
    expect(ack.status, await ack.clone().text()).toBe(200);
    const acked = (e: AlertStateEvent) => e.view.state.ack?.note === 'on it';
    for (const d of [onA, onB]) await until(() => d.events.some(acked), 'the ack on each dashboard');
    clock.advance(1_000);
    await tick([a, b]);
    await until(
      async () => (await alertOf(a, 'busy-503')).state.ack?.note === 'on it',
      'the ack to stay on a',
    );

    for (const d of [onA, onB]) {
      const transitions = d.events.flatMap((e) => (e.transition ? [e.transition.id] : []));
      expect(transitions).toHaveLength(1);
    }
    expect(onA.events.find(firing)!.transition!.id).toBe(onB.events.find(firing)!.transition!.id);
  });

  it('a node with cluster.alerts false never leads; GET /api/v1/cluster says who does', async () => {
    const url = await postgres.createDatabase();
    const clock = new ManualClock(T0 + 60_000);
    const c = await node(clock, url, 'c', false);
    await tick([c]);
    expect(c.app.alerting.cluster!.isLeader).toBe(false);
    const none = (await (await fetch(`${c.base}/api/v1/cluster`)).json()) as ClusterResponse;
    expect(none.alertLeader).toBeNull();
    const a = await node(clock, url, 'a');
    await tick([c, a]);
    expect(a.app.alerting.cluster!.isLeader).toBe(true);
    const body = (await (await fetch(`${c.base}/api/v1/cluster`)).json()) as ClusterResponse;
    expect(body.alertLeader).toBe('a');
    expect(Object.fromEntries(body.boots.map((x) => [x.nodeId, x.alerts]))).toEqual({
      a: 'leader',
      c: 'off',
    });
    // The leader stops: its boot is down, and no node leads.
    await a.stop();
    // The backend of an ended session leaves pg_stat_activity a moment after the client is gone.
    await until(async () => {
      const after = (await (await fetch(`${c.base}/api/v1/cluster`)).json()) as ClusterResponse;
      return after.alertLeader === null && after.boots.find((x) => x.nodeId === 'a')!.alerts === 'down';
    }, "a's boot to be down and no leader named");
  });

  it('a notification a dead leader committed but never sent is sent by the next leader, once', async () => {
    const url = await postgres.createDatabase();
    const clock = new ManualClock(T0 + 60_000);
    const a = await node(clock, url, 'a');
    await createRule(a, { ...RULE, notify: [{ type: 'webhook', url: receiver.url }] });
    await tick([a]);
    const rule = (await alertOf(a, 'busy-503')).rule;
    await a.stop();
    // What a leader leaves when it dies between its commit and the send: the transition and its
    // outbox row, not sent.
    const transitionId = await withClient(url, async (c) => {
      const { rows } = await c.query<{ id: string }>(
        `INSERT INTO cluster_alert_history
           (rule_id, rule_name, severity, from_state, to_state, metric, unit, value, threshold, at, reason, node_id)
         VALUES ($1, $2, 'critical', 'ok', 'firing', 'code_count', 'count', 5, 4, $3, 'above threshold', 'a')
         RETURNING id`,
        [rule.id, rule.name, clock.now()],
      );
      const id = Number(rows[0]!.id);
      const notification: AlertNotification = {
        kind: 'alert',
        status: 'firing',
        rule,
        value: 5,
        threshold: 4,
        from: 'ok',
        at: clock.now(),
        reason: 'above threshold',
        transitionId: id,
      };
      await c.query(
        'INSERT INTO cluster_alert_outbox (transition_id, notification, created_at) VALUES ($1, $2, $3)',
        [id, JSON.stringify(notification), clock.now()],
      );
      return id;
    });

    const b = await node(clock, url, 'b');
    await tick([b]);
    expect(b.app.alerting.cluster!.isLeader).toBe(true);
    await until(() => receiver.requests.length >= 1, 'the unsent notification');
    await b.app.alerting.notifier.idle();
    const sent = await until(
      () =>
        withClient(url, async (c) => {
          const { rows } = await c.query<{ sent_by: string | null }>(
            'SELECT sent_by FROM cluster_alert_outbox WHERE transition_id = $1',
            [transitionId],
          );
          return rows[0]?.sent_by ?? undefined;
        }),
      'the row to be marked sent',
    );
    expect(sent).toBe('b');
    await tick([b]);
    await b.app.alerting.notifier.idle();
    expect(received().map((x) => [x.transitionId, x.key])).toEqual([[transitionId, String(transitionId)]]);
  });
});
