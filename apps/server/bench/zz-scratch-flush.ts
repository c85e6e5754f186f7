import { ManualClock } from '../src/clock.js';
import { parseConfig } from '../src/config.js';
import { IngestStats } from '../src/intake/stats.js';
import { silentLogger } from '../src/logger.js';
import { Pipeline } from '../src/pipeline.js';
import { openSqliteStore } from '../src/store/sqlite-store.js';
import { encodeCells } from '../src/store/cell-codec.js';
import type { SipEvent } from '../src/wire/event.js';
import { percentile, tempDir } from './support.js';

const RATE = Number(process.env.RATE ?? 50_000);
const SECONDS = Number(process.env.SECONDS ?? 90);
const TRUNKS = Number(process.env.TRUNKS ?? 20);
const RAW = `SIP/2.0 503 Service Unavailable\r\nVia: SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bK776asdhds\r\nFrom: "Alice" <sip:***@example.com>;tag=1928301774\r\nTo: <sip:***@carrier.example.net>;tag=a6c85cf\r\nCall-ID: bench-0000000001@192.0.2.10\r\nCSeq: 1 INVITE\r\nContact: <sip:198.51.100.20:5060>\r\nContent-Length: 0\r\n\r\n`;
const tmp = tempDir('sipwatch-scratch-');
const config = parseConfig({ storage: { dataDir: tmp.dir }, logLevel: 'silent' });
const clock = new ManualClock(Date.UTC(2025, 0, 6, 12, 0, 0));
const store = openSqliteStore(`${tmp.dir}/sipwatch.db`);
// wrap store.write to time parts
const origWrite = store.write.bind(store);
const parts = { write: [] as number[], encode: [] as number[], json: [] as number[] };
store.write = (batch) => {
  let t = performance.now();
  for (const s of batch.seconds) encodeCells(s.table);
  for (const m of batch.minutes) encodeCells(m.table);
  parts.encode.push(performance.now() - t);
  t = performance.now();
  for (const e of batch.events) JSON.stringify(e);
  parts.json.push(performance.now() - t);
  t = performance.now();
  origWrite(batch);
  parts.write.push(performance.now() - t);
};
const pipeline = new Pipeline({
  config,
  clock,
  logger: silentLogger,
  stats: new IngestStats(clock, 0),
  store,
});
pipeline.load();
const codes = [180, 200, 486, 503, 404];
const flush: number[] = [];
const tick: number[] = [];
let n = 0;
const cpu0 = process.cpuUsage();
for (let s = 0; s < SECONDS; s++) {
  const now = clock.now();
  for (let b = 0; b < RATE; b += 100) {
    const batch: SipEvent[] = [];
    for (let i = 0; i < 100; i++, n++) {
      batch.push({
        ts: now + ((b + i) % 1000),
        receivedAt: now,
        code: codes[n % 5]!,
        reason: 'Service Unavailable',
        method: 'INVITE',
        scope: 'transaction',
        callId: `bench-${n}@192.0.2.10`,
        cseq: 1,
        from: 'sip:***@example.com',
        to: 'sip:***@carrier.example.net',
        srcIp: '198.51.100.20',
        srcPort: 5060,
        dstIp: '192.0.2.10',
        dstPort: 5060,
        trunk: `trunk-${n % TRUNKS}`,
        direction: 'outbound',
        source: { channel: 'hep', format: 'hep3', host: 'bench' },
        raw: RAW,
      });
    }
    pipeline.ingest(batch);
  }
  clock.advance(1000);
  let t = performance.now();
  pipeline.tick();
  tick.push(performance.now() - t);
  t = performance.now();
  pipeline.flush();
  flush.push(performance.now() - t);
}
const cpu = process.cpuUsage(cpu0);
const skip = (a: number[]) => a.slice(50).sort((x, y) => x - y);
const f = (a: number[]) =>
  `p50 ${percentile(skip(a), 50).toFixed(1)} p99 ${percentile(skip(a), 99).toFixed(1)} max ${Math.max(...skip(a)).toFixed(1)}`;
console.log('flush total', f(flush));
console.log('  store.write', f(parts.write));
console.log('  (encode cells)', f(parts.encode));
console.log('  (json)', f(parts.json));
console.log('tick', f(tick));
console.log(
  'cpu s',
  ((cpu.user + cpu.system) / 1e6).toFixed(1),
  'rows',
  (store.db.prepare('select count(*) n from raw_events').get() as { n: number }).n,
);
console.log('db MB', (store.sizeBytes() / 1e6).toFixed(1));
store.close();
tmp.cleanup();
