import type { ServerContext } from '../../context.js';
import { CallTimings } from '../../core/call-timing.js';
import { CallTracker } from '../../core/call-tracker.js';
import type { Intake } from '../intake.js';
/** The HEP v3 intake: UDP and TCP listeners, the per-call tracker and the call timings they feed. */
export interface HepIntake {
    readonly tracker: CallTracker;
    /** p50/p95 PDD and setup time per trunk (GET /api/v1/timing, alert rules). */
    readonly timings: CallTimings;
    /** What both listeners call: the packets of one datagram or one TCP read, from `peer`. */
    receive(packets: Buffer[], peer: string): void;
    /** Binds the configured listeners; ports of 0 pick free ones. */
    listen(): Promise<{
        hepUdp?: number;
        hepTcp?: number;
    }>;
    close(): Promise<void>;
}
/** Throws ConfigError when the trunk table or a user extractor is invalid. */
export declare function createHepIntake(ctx: ServerContext, shared?: Intake): HepIntake;
