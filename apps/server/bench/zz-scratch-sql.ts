import BetterSqlite3 from 'better-sqlite3';
import { tempDir, percentile } from './support.js';
import { CORE_MIGRATIONS } from '../src/store/schema.js';
import { runMigrations } from '../src/store/migrations.js';

const RAW = `SIP/2.0 503 Service Unavailable\r\nVia: SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bK776asdhds\r\nFrom: "Alice" <sip:***@example.com>;tag=1928301774\r\nTo: <sip:***@carrier.example.net>;tag=a6c85cf\r\nCall-ID: bench-0000000001@192.0.2.10\r\nCSeq: 1 INVITE\r\nContact: <sip:198.51.100.20:5060>\r\nContent-Length: 0\r\n\r\n`;
const variant = process.argv[2] ?? 'base';
const tmp = tempDir('sw-sql-');
const db = new BetterSqlite3(`${tmp.dir}/x.db`);
db.pragma('journal_mode = WAL');
db.pragma('synchronous = NORMAL');
runMigrations(db, [CORE_MIGRATIONS], 0);
if (variant.includes('noidx')) {
  for (const i of ['raw_events_code', 'raw_events_trunk', 'raw_events_source', 'raw_events_call_id'])
    db.exec(`DROP INDEX ${i}`);
}
const ins = db.prepare(
  'INSERT INTO raw_events (ts, code, trunk, source, method, call_id, event) VALUES (?, ?, ?, ?, ?, ?, ?)',
);
const maxId = db.prepare('SELECT MAX(id) AS id FROM raw_events');
const del = db.prepare('DELETE FROM raw_events WHERE id <= ?');
const insT: number[] = [],
  delT: number[] = [],
  commitT: number[] = [];
let n = 0;
const ts0 = Date.now();
for (let f = 0; f < 90; f++) {
  const events = Array.from({ length: 5000 }, (_, i) => {
    n++;
    return {
      ts: ts0 + f * 1000 + (i % 1000),
      code: [180, 200, 486, 503, 404][n % 5]!,
      trunk: `trunk-${n % 20}`,
      host: 'bench',
      callId: `bench-${n}@192.0.2.10`,
      json: JSON.stringify({
        ts: ts0,
        receivedAt: ts0,
        code: 503,
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
        trunk: 'trunk-1',
        direction: 'outbound',
        source: { channel: 'hep', format: 'hep3', host: 'bench' },
        raw: RAW,
      }),
    };
  });
  db.exec('BEGIN');
  let t = performance.now();
  for (const e of events) ins.run(e.ts, e.code, e.trunk, e.host, 'INVITE', e.callId, e.json);
  insT.push(performance.now() - t);
  t = performance.now();
  if (!variant.includes('notrim')) {
    const newest = (maxId.get() as { id: number }).id;
    del.run(newest - 200_000);
  }
  delT.push(performance.now() - t);
  t = performance.now();
  db.exec('COMMIT');
  commitT.push(performance.now() - t);
}
const s = (a: number[]) => {
  const b = a.slice(45).sort((x, y) => x - y);
  return `p50 ${percentile(b, 50).toFixed(1)} p99 ${percentile(b, 99).toFixed(1)}`;
};
console.log(variant, 'insert', s(insT), '| trim', s(delT), '| commit', s(commitT));
db.close();
tmp.cleanup();
