import { createApplication } from '../src/app.js';
import type { Application } from '../src/app.js';
import { ManualClock } from '../src/clock.js';
import { startPostgres } from '../src/test-support/postgres.js';
import type { SipEvent } from '@sipwatch/wire';
import { until } from '@sipwatch/testing';
import { benchConfig, line, percentile, tempDir } from './support.js';
import { runProcesses } from './cluster-processes.js';

/**
 * What cluster mode costs one node, in process (no sockets): the same events, second by second, into
 * a plain node and into a cluster node on a throwaway PostgreSQL on this machine. Per flush: the
 * time of a blocking flush (for the cluster node with the staging: encoding the changed tables on
 * the event loop), and the time until the publish is committed; and the time of a /summary over 5 minutes, read
 * from memory on the plain node and summed from PostgreSQL on the cluster node.
 * With a second cluster node on the same clock that ingests nothing: the time from the flush until
 * that node's mirror holds the rows (publish, NOTIFY, its read and decode), the part of the
 * ingest → tick latency on another node that is not waiting for the next tick or flush.
 * Then three nodes as real processes against one plain node: see cluster-processes.ts.
 */

const SECONDS = 60;
const EVENTS_PER_SECOND = Number(process.env.SIPWATCH_BENCH_CLUSTER_RATE ?? 20_000);
const TRUNKS = 20;
const SOURCES = 20;
const CODES = [180, 200, 200, 200, 486, 503, 404, 408];

function eventsOf(second: number, start: number): SipEvent[] {
  const out: SipEvent[] = [];
  for (let i = 0; i < EVENTS_PER_SECOND; i++) {
    const ts = second * 1000 + Math.floor((i * 1000) / EVENTS_PER_SECOND);
    out.push({
      ts,
      receivedAt: ts,
      code: CODES[Math.floor(i / (TRUNKS * SOURCES)) % CODES.length]!,
      method: 'INVITE',
      scope: 'transaction',
      callId: `c-${start + i}`,
      cseq: 1,
      trunk: `trunk-${i % TRUNKS}`,
      source: { channel: 'http', host: `10.0.0.${Math.floor(i / TRUNKS) % SOURCES}` },
    } as SipEvent);
  }
  return out;
}

interface Figures {
  flushP50: number;
  summaryP50: number;
}

async function runOne(label: string, url: string | undefined): Promise<Figures> {
  const tmp = tempDir('sipwatch-bench-cluster-');
  const t0 = Date.UTC(2026, 0, 5, 12, 0, 0);
  const clock = new ManualClock(t0);
  const config = benchConfig(
    { dataDir: tmp.dir },
    url === undefined ? {} : { cluster: { postgresUrl: url, nodeId: 'bench' } },
  );
  const app: Application = await createApplication(config, { clock, timers: false });
  const readerDir = tempDir('sipwatch-bench-cluster-reader-');
  const reader =
    url === undefined
      ? undefined
      : await createApplication(
          benchConfig({ dataDir: readerDir.dir }, { cluster: { postgresUrl: url, nodeId: 'reader' } }),
          { clock, timers: false },
        );
  const loop: number[] = [];
  const published: number[] = [];
  const mirrored: number[] = [];
  try {
    let n = 0;
    for (let s = 0; s < SECONDS; s++) {
      const second = Math.floor(t0 / 1000) + s;
      clock.set(second * 1000 + 10);
      const events = eventsOf(second, n);
      n += events.length;
      for (let i = 0; i < events.length; i += 200) app.ingest(events.slice(i, i + 200));
      clock.set((second + 1) * 1000 + 20);
      app.tickNow();
      const started = performance.now();
      app.flushNow();
      loop.push(performance.now() - started);
      if (app.cluster) {
        await app.cluster.settled();
        published.push(performance.now() - started);
      }
      const mirror = reader?.cluster?.mirror;
      if (mirror && app.cluster) {
        const { bootId, publisher } = app.cluster;
        await until(() => mirror.revOf(bootId) >= publisher.lastRev, {
          what: 'the reader to mirror the flush',
          timeoutMs: 30_000,
          everyMs: 1,
        });
        mirrored.push(performance.now() - started);
      }
    }
    const to = Math.floor(clock.now() / 1000) * 1000;
    const reads: number[] = [];
    for (let i = 0; i < 10; i++) {
      const started = performance.now();
      if (app.cluster) await app.cluster.queries.summary(to - 300_000, to, {});
      else await app.live.queries.summaryInSlices(to - 300_000, to, {});
      reads.push(performance.now() - started);
    }
    loop.sort((a, b) => a - b);
    published.sort((a, b) => a - b);
    mirrored.sort((a, b) => a - b);
    reads.sort((a, b) => a - b);
    line(
      `${label}: flush written (blocking) p50 / p95`,
      `${percentile(loop, 50).toFixed(1)} / ${percentile(loop, 95).toFixed(1)} ms`,
    );
    if (published.length)
      line(
        `${label}: flush → publish committed p50 / p95`,
        `${percentile(published, 50).toFixed(1)} / ${percentile(published, 95).toFixed(1)} ms`,
      );
    if (mirrored.length)
      line(
        `${label}: flush → in another node's mirror p50 / p95`,
        `${percentile(mirrored, 50).toFixed(1)} / ${percentile(mirrored, 95).toFixed(1)} ms`,
      );
    line(`${label}: /summary over 5 min p50`, `${percentile(reads, 50).toFixed(1)} ms`);
    return { flushP50: percentile(loop, 50), summaryP50: percentile(reads, 50) };
  } finally {
    await app.close();
    await reader?.close();
    tmp.cleanup();
    readerDir.cleanup();
  }
}

export async function run(): Promise<void> {
  const postgres = await startPostgres();
  try {
    line('events per second, seconds', `${EVENTS_PER_SECOND}, ${SECONDS}`);
    line('cells per second', `up to ${TRUNKS * SOURCES * new Set(CODES).size}`);
    const single = await runOne('single node', undefined);
    const cluster = await runOne('cluster node', await postgres.createDatabase());
    line('flush p50, cluster / single', `${(cluster.flushP50 / single.flushP50).toFixed(2)}x`);
    line('/summary p50, cluster / single', `${(cluster.summaryP50 / single.summaryP50).toFixed(1)}x`);
    await runProcesses(postgres);
  } finally {
    postgres.stop();
  }
}
