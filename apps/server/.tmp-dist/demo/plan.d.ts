import { DEMO_GATEWAYS } from './traffic.js';
/**
 * The demo traffic as a pure function of time: `due(now)` returns the events whose time has come
 * since the last call, and every few minutes an incident bends the mix so a newcomer sees the
 * dashboard react. No timers and no I/O: the runner and the CLI call it; tests drive it with a
 * ManualClock.
 */
export interface DemoEvent {
    ts: number;
    code: number;
    reason: string;
    method: string;
    scope: 'transaction';
    callId: string;
    cseq: number;
    trunk: string;
    /** The syslog host that reports it (the event's source). */
    gateway: string;
}
export declare const INCIDENT_KINDS: readonly ["503-storm", "408-gateway", "488-codec"];
export type IncidentKind = (typeof INCIDENT_KINDS)[number];
export interface Incident {
    kind: IncidentKind;
    /** What it hits: a trunk, or a gateway for 408s. */
    target: string;
    description: string;
    from: number;
    to: number;
}
export interface PlanOptions {
    startedAt: number;
    /** Events per second, on average. */
    rate: number;
    seed?: number;
    /** First incident this long after start. */
    firstIncidentMs?: number;
    /** Then one every this often. */
    incidentEveryMs?: number;
    incidentLengthMs?: number;
}
/** Mulberry32: small, fast, seedable; the demo does not need more. */
export declare function prng(seed: number): () => number;
export declare class DemoPlan {
    private readonly opts;
    private readonly random;
    private last;
    /** Events owed to (or, after an overshoot, taken from) the next call, so rates come out right. */
    private carry;
    private callSeq;
    private readonly firstIncidentMs;
    private readonly incidentEveryMs;
    private readonly incidentLengthMs;
    constructor(opts: PlanOptions);
    /** The incident under way at `now`, if any. */
    incidentAt(now: number): Incident | undefined;
    /** The events in (last call, now], oldest first. */
    due(now: number): DemoEvent[];
    /** One exchange: a call (provisional responses, maybe a challenge, a final), a REGISTER or an OPTIONS ping. */
    private scenario;
    private finalFor;
}
export { DEMO_GATEWAYS };
