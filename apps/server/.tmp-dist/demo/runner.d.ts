import type { Clock } from '../clock.js';
import type { Logger } from '../logger.js';
import type { DemoTransport } from './transport.js';
export interface DemoRunnerOptions {
    clock: Clock;
    logger: Logger;
    rate: number;
    transport: DemoTransport;
    /** How often events are sent, ms. */
    intervalMs?: number;
    seed?: number;
}
export interface DemoRunner {
    readonly stats: {
        sent: number;
        accepted: number;
        errors: number;
        skipped: number;
    };
    stop(): Promise<void>;
}
/** The shell around DemoPlan: a timer, the transport, and a log line when an incident starts. */
export declare function startDemo(opts: DemoRunnerOptions): DemoRunner;
