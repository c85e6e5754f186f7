import { createNormaliser } from './src/intake/normalise.js';
import { compileTrunkMap } from './src/intake/trunk-map.js';
import { createExtractorChain } from './src/intake/syslog/extractors/index.js';
import { readLogLine, ingestLogLine } from './src/intake/syslog/interpret.js';
import { parseSyslog } from './src/intake/syslog/header.js';
const chain = createExtractorChain();
const normalise = createNormaliser({ futureSkewMs: 5000, rawMaxBytes: 2048, maskUserParts: false, trunks: compileTrunkMap([]) });
const L = (n: number) => `<134>1 - proxy-1 kamailio - - - reply: rs=486 rr="Busy Here" rm=INVITE ci=bench-${n}@192.0.2.10 cs=1 si=203.0.113.7 sp=5060`;
const lines = Array.from({ length: 100000 }, (_, i) => L(i));
function time(name: string, f: () => void) { let best = Infinity; for (let r = 0; r < 8; r++) { const t = performance.now(); f(); best = Math.min(best, performance.now() - t); } console.log(name, (best / lines.length * 1000).toFixed(2), "µs/line"); }
time('parseSyslog', () => { for (const l of lines) parseSyslog(l); });
const msgs = lines.map((l) => parseSyslog(l).message);
time('chain', () => { for (const m of msgs) chain(m); });
time('readLogLine', () => { for (const l of lines) readLogLine(l, '1.2.3.4', chain); });
const batch = { events: [], add() { return undefined as never; }, record() {}, reject() {}, unparsed() {}, commit() {} };
time('ingestLogLine', () => { for (const l of lines) ingestLogLine(batch as never, l, { channel: 'syslog', peer: '1.2.3.4', receivedAt: Date.now(), chain, normalise }); });
const fieldsList = msgs.map((m) => chain(m)!.fields);
const meta = { source: { channel: 'syslog' as const, format: 'kv', host: 'h' }, receivedAt: Date.now(), scope: 'transaction' as const, raw: 'x' };
time('normalise', () => { for (const f of fieldsList) normalise(f, meta); });
