import type { SipEvent } from '@sipwatch/wire';
import { gc, line, mb, openPipeline, percentile, tempDir } from './support.js';

/**
 * RSS after 10 million events over 1,000 trunks, through the real pipeline (dedupe, aggregator,
 * raw-event buffer) with a real SQLite store flushed every simulated second. Time is simulated
 * (20,000 events per second of event time, about 8 minutes), so the run takes seconds, not minutes.
 */

const TOTAL = 10_000_000;
const PER_SECOND = 20_000;
const TRUNKS = 1_000;
const SOURCES = 20;
/** What a trunk's traffic is made of: (method, code) pairs, weighted by repetition. */
const MIX: readonly (readonly [string, number])[] = [
  ...Array.from({ length: 6 }, () => ['INVITE', 100] as const),
  ...Array.from({ length: 5 }, () => ['INVITE', 180] as const),
  ...Array.from({ length: 2 }, () => ['INVITE', 183] as const),
  ...Array.from({ length: 6 }, () => ['INVITE', 200] as const),
  ['INVITE', 486],
  ['INVITE', 487],
  ['INVITE', 480],
  ['INVITE', 404],
  ['INVITE', 503],
  ['INVITE', 408],
  ['INVITE', 603],
  ['INVITE', 407],
  ...Array.from({ length: 4 }, () => ['BYE', 200] as const),
  ['REGISTER', 401],
  ['REGISTER', 200],
  ['OPTIONS', 200],
];

export async function run(): Promise<void> {
  process.stdout.write(
    `memory: ${TOTAL.toLocaleString('en')} events over ${TRUNKS.toLocaleString('en')} trunks\n`,
  );
  const tmp = tempDir('sipwatch-bench-memory-');
  const T0 = Date.UTC(2025, 0, 6, 12, 0, 0);
  const { pipeline, store, clock } = openPipeline(tmp.dir, { aggregation: { maxTrunks: TRUNKS } }, T0);
  gc();
  const rssStart = process.memoryUsage().rss;

  // A reusable pool: the bench measures the server, not a generator holding 10 M objects.
  const pool: SipEvent[] = Array.from({ length: PER_SECOND }, () => ({
    ts: 0,
    receivedAt: 0,
    code: 200,
    method: 'INVITE',
    scope: 'transaction',
    callId: '',
    cseq: 1,
    trunk: '',
    source: { channel: 'syslog', format: 'kv', host: '' },
  }));
  const trunkNames = Array.from({ length: TRUNKS }, (_, i) => `trunk-${i}`);
  const hosts = Array.from({ length: SOURCES }, (_, i) => `sbc-${i}`);
  let peak = rssStart;
  const flushMs: number[] = [];
  let n = 0;
  let rnd = 12345;
  const started = performance.now();
  while (n < TOTAL) {
    const now = clock.now();
    for (let i = 0; i < PER_SECOND; i++) {
      rnd = (Math.imul(rnd, 1103515245) + 12345) >>> 0;
      const e = pool[i]!;
      const trunk = rnd % TRUNKS;
      e.ts = now + (i % 1000);
      e.receivedAt = e.ts;
      const [method, code] = MIX[(rnd >>> 12) % MIX.length]!;
      e.code = code;
      e.method = method;
      e.callId = `c${n + i}`;
      e.trunk = trunkNames[trunk]!;
      e.source = { channel: 'syslog', format: 'kv', host: hosts[trunk % SOURCES]! };
    }
    pipeline.ingest(pool.slice());
    n += PER_SECOND;
    clock.advance(1000);
    pipeline.tick();
    flushMs.push(pipeline.flush().durationMs);
    if ((n / PER_SECOND) % 20 === 0) peak = Math.max(peak, process.memoryUsage().rss);
  }
  const seconds = (performance.now() - started) / 1000;
  gc();
  const rssEnd = process.memoryUsage().rss;
  peak = Math.max(peak, rssEnd);
  line('events', n.toLocaleString('en'));
  line('simulated traffic time', `${(n / PER_SECOND / 60).toFixed(1)} min`);
  line('wall time (pipeline + SQLite flushes)', `${seconds.toFixed(1)} s`);
  line('throughput', `${Math.round(n / seconds).toLocaleString('en')} ev/s`);
  flushMs.sort((a, b) => a - b);
  line(
    'flush (1 s of traffic, waited for) p50 / p99',
    `${percentile(flushMs, 50).toFixed(0)} / ${percentile(flushMs, 99).toFixed(0)} ms`,
  );
  line('aggregator cells in memory', pipeline.aggregator.cellCount().toLocaleString('en'));
  line('dedupe entries', pipeline.dedupe.size.toLocaleString('en'));
  const heap = process.memoryUsage();
  line(
    'V8 heap used / total / array buffers',
    `${mb(heap.heapUsed)} / ${mb(heap.heapTotal)} / ${mb(heap.arrayBuffers)}`,
  );
  line('RSS at start', mb(rssStart));
  line('RSS peak', mb(peak));
  line('RSS after', mb(rssEnd), 'under 300 MB');
  store.close();
  tmp.cleanup();
}
