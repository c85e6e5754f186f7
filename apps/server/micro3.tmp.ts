import { CallTracker } from './src/core/call-tracker.js';
import { encodeHep } from './src/intake/hep/encoder.js';
import { createNormaliser } from './src/intake/normalise.js';
import { compileTrunkMap } from './src/intake/trunk-map.js';
import { decodeHep } from './src/intake/hep/decoder.js';
import { parseSipMessage } from './src/intake/hep/sip-message.js';
import { Dedupe } from './src/core/dedupe.js';
const N = 100000;
const pkts: Buffer[] = [];
for (let i = 0; i < N; i++) pkts.push(encodeHep({ srcIp: '198.51.100.20', dstIp: '192.0.2.10', srcPort: 5060, dstPort: 5060, captureId: 2001, payload: `SIP/2.0 486 Busy Here\r\nVia: SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bK776asdhds\r\nFrom: "Alice" <sip:alice@example.com>;tag=1928301774\r\nTo: <sip:+15551234567@carrier.example.net>;tag=a6c85cf\r\nCall-ID: bench-${i}@x\r\nCSeq: 1 INVITE\r\nContact: <sip:198.51.100.20:5060>\r\nContent-Length: 0\r\n\r\n` }));
const payloads = pkts.map((b) => (decodeHep(b) as any).packet.payload as Buffer);
const normalise = createNormaliser({ futureSkewMs: 5000, rawMaxBytes: 2048, maskUserParts: false, trunks: compileTrunkMap([]) });
const meta = { source: { channel: 'hep' as const, format: 'hep3-sip', host: '2001' }, receivedAt: Date.now(), scope: 'transaction' as const, raw: payloads[0]!.toString('utf8', 0, 250) };
const cands = payloads.map((p, i) => ({ code: 486, ts: Date.now(), scope: 'transaction' as const, reason: 'Busy Here', method: 'INVITE', callId: `bench-${i}@x`, cseq: 1, from: 'sip:alice@example.com', to: 'sip:+15551234567@carrier.example.net', srcIp: '198.51.100.20', srcPort: 5060, dstIp: '192.0.2.10', dstPort: 5060 }));
function time(name: string, f: (i: number) => void) {
  for (let r = 0; r < 3; r++) {
    const t = performance.now();
    for (let i = 0; i < N; i++) f(i);
    if (r === 2) console.log(name.padEnd(12), ((performance.now() - t) * 1000 / N).toFixed(2), 'µs');
  }
}
time('decode', (i) => decodeHep(pkts[i]!));
time('parse', (i) => parseSipMessage(payloads[i]!));
let tr = new CallTracker();
time('tracker', (i) => tr.response({ ts: 1, callId: cands[i]!.callId, code: 486, method: 'INVITE', cseq: 1 }, 1));
const events: any[] = [];
time('normalise', (i) => { const r = normalise(cands[i], meta); if (r.ok) events[i] = r.event; });
const d = new Dedupe(32000, 200000);
time('dedupe', (i) => d.admit(events[i], 1));
