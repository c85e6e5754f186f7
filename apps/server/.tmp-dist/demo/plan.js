import { DEMO_GATEWAYS, DEMO_TRUNKS, NORMAL_FINALS, REASONS } from './traffic.js';
export const INCIDENT_KINDS = ['503-storm', '408-gateway', '488-codec'];
const INCIDENTS = [
    {
        kind: '503-storm',
        target: 'carrier-b',
        description: '503 storm on carrier-b (its capacity is exhausted)',
    },
    { kind: '408-gateway', target: 'gw-edge', description: '408s from gw-edge (the gateway stops answering)' },
    { kind: '488-codec', target: 'carrier-c', description: '488s on carrier-c after a codec change' },
];
/** Mulberry32: small, fast, seedable; the demo does not need more. */
export function prng(seed) {
    let a = seed >>> 0;
    return () => {
        a = (a + 0x6d2b79f5) >>> 0;
        let t = a;
        t = Math.imul(t ^ (t >>> 15), t | 1);
        t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
        return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
}
function pickWeighted(items, weight, r) {
    const total = items.reduce((n, t) => n + weight(t), 0);
    let x = r * total;
    for (const t of items) {
        x -= weight(t);
        if (x < 0)
            return t;
    }
    return items[items.length - 1];
}
export class DemoPlan {
    opts;
    random;
    last;
    /** Events owed to (or, after an overshoot, taken from) the next call, so rates come out right. */
    carry = 0;
    callSeq = 0;
    firstIncidentMs;
    incidentEveryMs;
    incidentLengthMs;
    constructor(opts) {
        this.opts = opts;
        this.random = prng(opts.seed ?? 0x5eed);
        this.last = opts.startedAt;
        this.firstIncidentMs = opts.firstIncidentMs ?? 60_000;
        this.incidentEveryMs = opts.incidentEveryMs ?? 180_000;
        this.incidentLengthMs = opts.incidentLengthMs ?? 60_000;
    }
    /** The incident under way at `now`, if any. */
    incidentAt(now) {
        const elapsed = now - this.opts.startedAt - this.firstIncidentMs;
        if (elapsed < 0)
            return undefined;
        const n = Math.floor(elapsed / this.incidentEveryMs);
        const into = elapsed - n * this.incidentEveryMs;
        if (into >= this.incidentLengthMs)
            return undefined;
        const from = now - into;
        return { ...INCIDENTS[n % INCIDENTS.length], from, to: from + this.incidentLengthMs };
    }
    /** The events in (last call, now], oldest first. */
    due(now) {
        if (now <= this.last)
            return [];
        const span = now - this.last;
        const incident = this.incidentAt(now);
        // A storm also brings retries: more traffic while it lasts.
        const rate = this.opts.rate * (incident?.kind === '503-storm' ? 1.3 : 1);
        const wanted = (rate * span) / 1000 + this.carry;
        const out = [];
        // Whole exchanges only; what overshoots is taken off the next call's share.
        while (out.length < Math.floor(wanted)) {
            const ts = this.last + Math.floor(this.random() * span) + 1;
            for (const e of this.scenario(ts, now, incident))
                out.push(e);
        }
        this.carry = wanted - out.length;
        this.last = now;
        return out.sort((a, b) => a.ts - b.ts);
    }
    /** One exchange: a call (provisional responses, maybe a challenge, a final), a REGISTER or an OPTIONS ping. */
    scenario(ts, now, incident) {
        const r = this.random();
        const trunk = pickWeighted(DEMO_TRUNKS, (t) => t.weight, this.random());
        const callId = `demo-${(++this.callSeq).toString(36)}-${Math.floor(this.random() * 1e9).toString(36)}@sipwatch.demo`;
        // Responses of one exchange follow each other; none is dated after `now`.
        const ev = (code, method, cseq, dt = 0) => ({
            ts: Math.min(now, ts + dt),
            code,
            reason: REASONS[code] ?? '',
            method,
            scope: 'transaction',
            callId,
            cseq,
            trunk: trunk.name,
            gateway: trunk.gateway,
        });
        if (r < 0.08)
            return [ev(401, 'REGISTER', 1), ev(200, 'REGISTER', 2, 20)];
        if (r < 0.14)
            return [ev(200, 'OPTIONS', 1)];
        const out = [];
        let cseq = 1;
        if (this.random() < 0.1)
            out.push(ev(407, 'INVITE', cseq++));
        out.push(ev(100, 'INVITE', cseq, 5));
        const final = this.finalFor(trunk, incident);
        if (final === 200 || final === 486 || final === 487 || final === 480 || final === 603) {
            out.push(ev(this.random() < 0.6 ? 180 : 183, 'INVITE', cseq, 30));
        }
        out.push(ev(final, 'INVITE', cseq, 60 + Math.floor(this.random() * 100)));
        if (final === 200)
            out.push(ev(200, 'BYE', cseq + 1, 200));
        return out;
    }
    finalFor(trunk, incident) {
        if (incident) {
            const hit = (incident.kind === '503-storm' && trunk.name === incident.target) ||
                (incident.kind === '488-codec' && trunk.name === incident.target) ||
                (incident.kind === '408-gateway' && trunk.gateway === incident.target);
            const share = incident.kind === '503-storm' ? 0.7 : incident.kind === '408-gateway' ? 0.6 : 0.5;
            if (hit && this.random() < share) {
                return incident.kind === '503-storm' ? 503 : incident.kind === '408-gateway' ? 408 : 488;
            }
        }
        return pickWeighted(NORMAL_FINALS, ([, w]) => w, this.random())[0];
    }
}
export { DEMO_GATEWAYS };
//# sourceMappingURL=plan.js.map