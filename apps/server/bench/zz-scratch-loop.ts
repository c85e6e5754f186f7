import { ManualClock } from '../src/clock.js';
import { parseConfig } from '../src/config.js';
import { IngestStats } from '../src/intake/stats.js';
import { silentLogger } from '../src/logger.js';
import { Pipeline } from '../src/pipeline.js';
import { openSqliteStore } from '../src/store/sqlite-store.js';
import { toWriterBatch } from '../src/store/flush-writer.js';
import type { SipEvent } from '../src/wire/event.js';
import { tempDir } from './support.js';
const RAW =
  'SIP/2.0 503 Service Unavailable\r\nVia: SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bK776asdhds\r\nFrom: "Alice" <sip:***@example.com>;tag=1928301774\r\nTo: <sip:***@carrier.example.net>;tag=a6c85cf\r\nCall-ID: bench-0000000000@192.0.2.10\r\nCSeq: 1 INVITE\r\nContact: <sip:198.51.100.20:5060>\r\nContent-Length: 0\r\n\r\n';
const tmp = tempDir('sw-loop-');
const config = parseConfig({ storage: { dataDir: tmp.dir }, logLevel: 'silent' });
const clock = new ManualClock(Date.UTC(2025, 0, 6, 12, 0, 0));
const store = openSqliteStore(`${tmp.dir}/sipwatch.db`);
const p = new Pipeline({ config, clock, logger: silentLogger, stats: new IngestStats(clock, 0), store });
p.load();
let n = 0;
const codes = [180, 200, 486, 503, 404];
for (let s = 0; s < 15; s++) {
  const now = clock.now();
  for (let b = 0; b < 1000; b++) {
    const batch: SipEvent[] = [];
    for (let i = 0; i < 50; i++, n++)
      batch.push({
        ts: now + b,
        receivedAt: now,
        code: codes[n % 5]!,
        reason: 'x',
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
        trunk: `trunk-${n % 20}`,
        direction: 'outbound',
        source: { channel: 'hep', format: 'hep3', host: 'bench' },
        raw: RAW,
      });
    p.ingest(batch);
  }
  clock.advance(1000);
  p.tick();
  let t = performance.now();
  const dirty = p.aggregator.takeDirty();
  const t1 = performance.now() - t;
  t = performance.now();
  const events = (p as unknown as { takeRaw(): SipEvent[] }).takeRaw();
  const t2 = performance.now() - t;
  t = performance.now();
  const { batch, transfer } = toWriterBatch({ ...dirty, events });
  const t3 = performance.now() - t;
  t = performance.now();
  (store as unknown as { writer: { submit(r: unknown, t: unknown, d: unknown): void } }).writer.submit(
    { op: 'write', batch },
    transfer,
    () => {},
  );
  const t4 = performance.now() - t;
  store.waitForWrites();
  console.log(
    `takeDirty ${t1.toFixed(2)} takeRaw ${t2.toFixed(2)} toWriterBatch ${t3.toFixed(2)} post ${t4.toFixed(2)} (${events.length} events, ${dirty.seconds.length} s)`,
  );
}
store.close();
tmp.cleanup();
