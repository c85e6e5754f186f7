import { CandidateSchema } from './src/intake/normalise-schema.js';
const N = 100000;
const a = Array.from({ length: N }, (_, i) => ({ code: '486', reason: 'Busy Here', method: 'INVITE', callId: 'bench-' + i, cseq: '1', srcIp: '203.0.113.7', srcPort: '5060' }));
const b = Array.from({ length: N }, (_, i) => ({ code: 486, reason: 'Busy Here', method: 'INVITE', callId: 'bench-' + i, cseq: 1, srcIp: '203.0.113.7', srcPort: 5060 }));
const c = Array.from({ length: N }, (_, i) => ({ code: 486 }));
function time(name: string, arr: object[]) { let best = Infinity; for (let r = 0; r < 8; r++) { const t = performance.now(); for (const x of arr) CandidateSchema.safeParse(x); best = Math.min(best, performance.now() - t); } console.log(name, (best / N * 1000).toFixed(2), 'µs'); }
time('strings', a); time('numbers', b); time('code only', c);
