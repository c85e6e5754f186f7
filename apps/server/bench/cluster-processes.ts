import { existsSync } from 'node:fs';
import { loadavg } from 'node:os';
import { io as connect } from 'socket.io-client';
import type { Socket } from 'socket.io-client';
import { until } from '@sipwatch/testing';
import type { ClientToServerEvents, SeriesPoint, ServerToClientEvents, Summary } from '@sipwatch/wire';
// The real built server in a child process, as the e2e suite starts it.
import { MAIN, SipwatchServer } from '../../../e2e/fixtures/server.js';
import { committedEventsByNode } from '../src/test-support/cluster-rows.js';
import type { TestPostgres } from '../src/test-support/postgres.js';
import { line, percentile } from './support.js';

/**
 * Three cluster nodes as real processes (`node dist/main.js`, real timers, each its own SQLite
 * file) on the bench's PostgreSQL, against one plain node the same way, all on this machine:
 *
 * - throughput: every node is posted batches over HTTP as fast as it answers, for THROUGHPUT_S;
 *   the figure is the events acknowledged per second, summed over the nodes, once the cluster
 *   (PostgreSQL's committed rows; the plain node's /summary) counts every one of them;
 * - latency: events stamped with their send time posted to node A at LATENCY_RATE a second, and a
 *   socket.io-client dashboard on node B (on the plain node: on that node): per event, the time
 *   until a tick's point or revised point for its second counts every event sent in that second.
 *
 * The load generator runs in this process, on the same two cores as the nodes and PostgreSQL.
 */

const THROUGHPUT_S = 15;
const POSTERS_PER_NODE = 2;
const BATCH = 500;
const LATENCY_S = 12;
const LATENCY_WARMUP_S = 2;
const LATENCY_RATE = 1_000;
const LATENCY_EVERY_MS = 10;

type Client = Socket<ServerToClientEvents, ClientToServerEvents>;

let seq = 0;
function body(n: number, ts?: number): string {
  const items = [];
  for (let i = 0; i < n; i++)
    items.push({
      ...(ts === undefined ? {} : { ts }),
      code: i % 10 === 0 ? 503 : 200,
      method: 'INVITE',
      scope: 'call',
      callId: `bench-${++seq}@cluster.invalid`,
      cseq: 1,
      trunk: `trunk-${i % 20}`,
    });
  return JSON.stringify(items);
}

async function post(node: SipwatchServer, payload: string): Promise<number> {
  const res = await fetch(`${node.url}/api/v1/events`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: payload,
  });
  const answer = (await res.json()) as { accepted?: number };
  return res.status === 200 ? (answer.accepted ?? 0) : 0;
}

async function responsesIn(node: SipwatchServer, from: number): Promise<number> {
  const res = await fetch(`${node.url}/api/v1/summary?from=${from}&to=${Date.now()}`);
  const summary = (await res.json()) as Summary;
  return Object.values(summary.byCode).reduce((sum, n) => sum + n, 0);
}

/** Events acknowledged a second, summed over the nodes, and whether every one was counted. */
async function throughput(
  nodes: SipwatchServer[],
  counted: () => Promise<number>,
): Promise<{ perSecond: number; acked: number; counted: number }> {
  let acked = 0;
  const end = Date.now() + THROUGHPUT_S * 1000;
  const posters = nodes.flatMap((node) =>
    Array.from({ length: POSTERS_PER_NODE }, async () => {
      while (Date.now() < end) {
        const n = await post(node, body(BATCH));
        acked += n;
      }
    }),
  );
  await Promise.all(posters);
  // Counted once every node has flushed (and published) what it acknowledged.
  let seen = 0;
  await until(
    async () => {
      seen = await counted();
      return seen >= acked;
    },
    { what: 'every acknowledged event to be counted', timeoutMs: 60_000, everyMs: 250 },
  ).catch(() => undefined);
  return { perSecond: acked / THROUGHPUT_S, acked, counted: seen };
}

/** Ingest on `into` → a tick on `watch` that counts the whole second, per event (ms). */
async function latency(into: SipwatchServer, watch: SipwatchServer): Promise<number[]> {
  const socket: Client = connect(watch.url, { transports: ['websocket'] });
  await new Promise<void>((resolve) => socket.once('snapshot', () => resolve()));
  // Per second of send time: the send times of its events, and whether its sending is over.
  const sent = new Map<number, number[]>();
  const latencies: number[] = [];
  const settle = (p: SeriesPoint, now: number): void => {
    const times = sent.get(p.t);
    if (!times || now < p.t + 1000 || p.responses < times.length) return;
    sent.delete(p.t);
    for (const t of times) latencies.push(now - t);
  };
  socket.on('tick', (tick) => {
    const now = Date.now();
    for (const p of [tick.point, ...(tick.revised ?? [])]) settle(p, now);
  });
  const started = Date.now();
  let carry = 0;
  let last = started;
  const inFlight = new Set<Promise<unknown>>();
  while (Date.now() - started < LATENCY_S * 1000) {
    await new Promise((r) => setTimeout(r, LATENCY_EVERY_MS));
    const now = Date.now();
    carry += (LATENCY_RATE * (now - last)) / 1000;
    last = now;
    const n = Math.floor(carry);
    carry -= n;
    if (n === 0) continue;
    const second = Math.floor(now / 1000) * 1000;
    const measured = now - started >= LATENCY_WARMUP_S * 1000;
    // Unmeasured seconds still count on the watched node: keep them out of `sent` entirely.
    if (measured) {
      let times = sent.get(second);
      if (!times) sent.set(second, (times = []));
      for (let i = 0; i < n; i++) times.push(now);
    }
    const p = post(into, body(n, now)).finally(() => inFlight.delete(p));
    inFlight.add(p);
  }
  await Promise.all(inFlight);
  // The last seconds: two flushes and ticks.
  await until(() => sent.size === 0, { what: 'the last seconds on the dashboard', timeoutMs: 10_000 }).catch(
    () => undefined,
  );
  const unseen = sent.size;
  socket.disconnect();
  if (unseen > 0) line('seconds never counted whole on the dashboard', String(unseen));
  return latencies.sort((a, b) => a - b);
}

function startNodes(env: Record<string, string>[]): Promise<SipwatchServer[]> {
  const nodes = env.map((e) => new SipwatchServer(undefined, { SIPWATCH_LOG_LEVEL: 'warn', ...e }));
  return Promise.all(nodes.map((n) => n.start())).then(() => nodes);
}

export async function runProcesses(postgres: TestPostgres): Promise<void> {
  if (!existsSync(MAIN)) {
    line('three nodes as processes', `skipped: ${MAIN} is missing; run pnpm build`);
    return;
  }
  process.stdout.write(
    `\n  three cluster nodes vs one plain node, each a node dist/main.js process (load average at start ${loadavg()[0]!.toFixed(2)})\n`,
  );
  const figures: { label: string; perSecond: number; lost: number; lat: number[] }[] = [];

  const single = await startNodes([{}]);
  try {
    const from = Date.now() - 1_000;
    const t = await throughput(single, () => responsesIn(single[0]!, from));
    const lat = await latency(single[0]!, single[0]!);
    figures.push({ label: 'single node', perSecond: t.perSecond, lost: t.acked - t.counted, lat });
  } finally {
    for (const n of single) await n.dispose();
  }

  const url = await postgres.createDatabase();
  const cluster = await startNodes(
    ['a', 'b', 'c'].map((id) => ({ SIPWATCH_CLUSTER_URL: url, SIPWATCH_NODE_ID: id })),
  );
  try {
    const t = await throughput(cluster, async () =>
      [...(await committedEventsByNode(url)).values()].reduce((sum, n) => sum + n, 0),
    );
    const lat = await latency(cluster[0]!, cluster[1]!);
    figures.push({ label: 'three nodes', perSecond: t.perSecond, lost: t.acked - t.counted, lat });
  } finally {
    for (const n of cluster) await n.dispose();
  }

  for (const f of figures) {
    line(`${f.label}: events/s acked and counted`, Math.round(f.perSecond).toLocaleString('en'));
    if (f.lost !== 0) line(`${f.label}: acked but not counted`, f.lost.toLocaleString('en'));
  }
  const [one, three] = figures as [(typeof figures)[0], (typeof figures)[0]];
  line(`latency: ${LATENCY_RATE} events/s posted`, 'to one node');
  line('events/s, three nodes / single node', `${(three.perSecond / one.perSecond).toFixed(2)}x`);
  line(`ingest → tick, single node p50 / p95`, `${percentile(one.lat, 50)} / ${percentile(one.lat, 95)} ms`);
  line(
    `ingest on A → tick on B, 3 nodes p50 / p95`,
    `${percentile(three.lat, 50)} / ${percentile(three.lat, 95)} ms`,
  );
  line('load average at the end', loadavg()[0]!.toFixed(2));
}
