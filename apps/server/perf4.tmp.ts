import { z } from 'zod';
const N = 100000;
const plain = z.object({ code: z.number().int().min(100).max(699), ts: z.number().optional(), reason: z.string().max(256).optional(), method: z.string().regex(/^[A-Z][A-Z0-9_-]{0,31}$/).optional(), callId: z.string().max(256).optional(), cseq: z.number().int().optional(), inDialog: z.boolean().optional(), cancelled: z.boolean().optional(), from: z.string().optional(), to: z.string().optional(), srcIp: z.string().max(64).optional(), srcPort: z.number().int().min(0).max(65535).optional(), dstIp: z.string().optional(), dstPort: z.number().int().optional(), trunk: z.string().optional(), direction: z.string().optional(), raw: z.string().optional(), scope: z.enum(['call','transaction']).optional() });
const b = Array.from({ length: N }, (_, i) => ({ code: 486, reason: 'Busy Here', method: 'INVITE', callId: 'bench-' + i, cseq: 1, srcIp: '203.0.113.7', srcPort: 5060 }));
const c = Array.from({ length: N }, () => ({ code: 486 }));
function time(name: string, s: z.ZodType, arr: object[]) { let best = Infinity; for (let r = 0; r < 8; r++) { const t = performance.now(); for (const x of arr) s.safeParse(x); best = Math.min(best, performance.now() - t); } console.log(name, (best / N * 1000).toFixed(2), 'µs'); }
time('plain full', plain, b); time('plain code', plain, c);
const u = z.object({ a: z.union([z.string(), z.number()]).optional() });
time('union', u, Array.from({ length: N }, () => ({ a: 'x' })));
const t = z.object({ a: z.string().transform((s) => s.trim()).optional() });
time('transform', t, Array.from({ length: N }, () => ({ a: 'x' })));
const un = z.object({ a: z.unknown().transform((s) => String(s)).optional() });
time('unknown-transform', un, Array.from({ length: N }, () => ({ a: 'x' })));
