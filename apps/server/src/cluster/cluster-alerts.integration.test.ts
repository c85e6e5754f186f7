import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../clock.js';
import { startReceiver } from '../alerts/testing/receiver.js';
import type { Receiver } from '../alerts/testing/receiver.js';
import { startLiveApp, tempDir } from '../test-support/live-app.js';
import type { LiveApp } from '../test-support/live-app.js';
import { postgresSuiteRuns, startPostgres } from '../test-support/postgres.js';
import type { TestPostgres } from '../test-support/postgres.js';
import type { AlertView } from '@sipwatch/wire';
import { T0, until } from '@sipwatch/testing';

/**
 * Alerts on a cluster: nodes on one real PostgreSQL and one clock, events sent over real HTTP to
 * different nodes (the test plays the load balancer), notifications to a real HTTP receiver.
 */

const runs = postgresSuiteRuns('cluster alerts suite');

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
  for (const s of started.splice(0)) {
    await s.live.stop();
    s.cleanup();
  }
  await receiver.close();
});

async function node(clock: ManualClock, url: string, nodeId: string): Promise<LiveApp> {
  const tmp = tempDir();
  const live = await startLiveApp(tmp.dir, {
    clock,
    config: {
      cluster: { postgresUrl: url, nodeId },
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

describe.runIf(runs)('alerts on a cluster', () => {
  it('a rule counts the 503s every node received, not only its own', async () => {
    const url = await postgres.createDatabase();
    const clock = new ManualClock(T0 + 60_000);
    const a = await node(clock, url, 'a');
    const b = await node(clock, url, 'b');
    await createRule(b, RULE);
    // Two 503s to each node: neither alone reaches the threshold of 4.
    await post(a, 503, 2);
    await post(b, 503, 2);
    clock.advance(1_000);
    for (const n of [a, b]) n.app.tickNow();
    await publishAll([a, b]);
    clock.advance(1_000);
    b.app.tickNow();
    await until(async () => (await alertOf(b, 'busy-503')).state.state === 'firing', 'the rule to fire on b');
    expect((await alertOf(b, 'busy-503')).state.value).toBe(4);
  });
});
