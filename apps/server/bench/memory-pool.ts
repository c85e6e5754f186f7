import http from 'node:http';
import { createApplication } from '../src/app.js';
import { ManualClock } from '../src/clock.js';
import { parseConfig } from '../src/config.js';
import { gc, line, mb, tempDir } from './support.js';

/**
 * RSS after 10 million events over 1,000 trunks through the whole application with the intake
 * worker pool on (its default size): HTTP NDJSON batches read by the workers, then dedupe,
 * aggregation and SQLite flushes on the event loop. Time is a ManualClock moved one second per
 * 20,000 events (about 8 minutes of traffic), so the run takes as long as the intake needs, not 8
 * minutes. The RSS is the whole process's: every thread, the workers' heaps included.
 */

/** Override with SIPWATCH_BENCH_MEMORY_EVENTS (a quick look with fewer). */
const TOTAL = Number(process.env.SIPWATCH_BENCH_MEMORY_EVENTS ?? 10_000_000);
const PER_SECOND = 20_000;
const PER_REQUEST = 1000;
const IN_FLIGHT = 4;
const TRUNKS = 1_000;
const SOURCES = 20;
const MIX = [
  [100, 'INVITE'],
  [180, 'INVITE'],
  [200, 'INVITE'],
  [200, 'INVITE'],
  [486, 'INVITE'],
  [487, 'INVITE'],
  [503, 'INVITE'],
  [404, 'INVITE'],
  [200, 'BYE'],
  [401, 'REGISTER'],
] as const;

function body(first: number): Buffer {
  let s = '';
  for (let i = first; i < first + PER_REQUEST; i++) {
    const [code, method] = MIX[i % MIX.length]!;
    const trunk = (i * 7919) % TRUNKS;
    s += `{"code":${code},"method":"${method}","callId":"m${i}@192.0.2.10","cseq":1,"trunk":"trunk-${trunk}","srcIp":"10.0.${trunk % SOURCES}.1"}\n`;
  }
  return Buffer.from(s);
}

function post(agent: http.Agent, port: number, payload: Buffer): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        port,
        host: '127.0.0.1',
        path: '/api/v1/events',
        method: 'POST',
        agent,
        headers: { 'content-type': 'application/x-ndjson', 'content-length': payload.length },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          if (res.statusCode !== 200 && res.statusCode !== 202)
            reject(new Error(`HTTP ${res.statusCode}: ${Buffer.concat(chunks).toString().slice(0, 200)}`));
          else resolve((JSON.parse(Buffer.concat(chunks).toString()) as { accepted: number }).accepted);
        });
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

export async function run(): Promise<void> {
  const tmp = tempDir('sipwatch-bench-memory-pool-');
  const clock = new ManualClock(Date.UTC(2025, 0, 6, 12, 0, 0));
  const config = parseConfig({
    http: { port: 0, bodyLimitBytes: 16 * 1024 * 1024 },
    syslog: { udp: false, tcp: false },
    hep: { udp: false, tcp: false },
    demo: { enabled: false },
    logLevel: 'silent',
    aggregation: { maxTrunks: TRUNKS },
    storage: { dataDir: tmp.dir },
  });
  process.stdout.write(
    `memory with the pool: ${TOTAL.toLocaleString('en')} events over ${TRUNKS.toLocaleString('en')} trunks, ` +
      `intake.workers ${config.intake.workers}, HTTP NDJSON\n`,
  );
  const app = await createApplication(config, { clock, timers: false });
  const { http: port } = await app.listen();
  const agent = new http.Agent({ keepAlive: true, maxSockets: IN_FLIGHT });
  gc();
  const rssStart = process.memoryUsage().rss;
  let peak = rssStart;
  let accepted = 0;
  const started = performance.now();
  for (let n = 0; n < TOTAL; n += PER_SECOND) {
    for (let r = 0; r < PER_SECOND; r += PER_REQUEST * IN_FLIGHT) {
      const batch = Array.from({ length: IN_FLIGHT }, (_, k) =>
        post(agent, port, body(n + r + k * PER_REQUEST)),
      );
      for (const a of await Promise.all(batch)) accepted += a;
    }
    clock.advance(1000);
    app.tickNow();
    app.flushNow();
    if ((n / PER_SECOND) % 20 === 0) peak = Math.max(peak, process.memoryUsage().rss);
  }
  const seconds = (performance.now() - started) / 1000;
  gc();
  const rssEnd = process.memoryUsage().rss;
  peak = Math.max(peak, rssEnd);
  line('events accepted', `${accepted.toLocaleString('en')} of ${TOTAL.toLocaleString('en')}`);
  line(
    'wall time',
    `${seconds.toFixed(1)} s (${Math.round(accepted / seconds).toLocaleString('en')} ev/s, sender in this process)`,
  );
  line('RSS at start (pool started)', mb(rssStart));
  line('RSS peak', mb(peak));
  line('RSS after', mb(rssEnd), 'under 300 MB');
  agent.destroy();
  await app.close();
  tmp.cleanup();
}
