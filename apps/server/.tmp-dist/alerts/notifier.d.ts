import type { Clock } from '../clock.js';
import type { Logger } from '../logger.js';
import type { AlertRule, DeliveryOutcome, TargetDeliveryStats } from '../wire/alerts.js';
import type { AlertNotification } from './payload.js';
import type { Scheduler } from './scheduler.js';
/**
 * Delivers notifications to webhook and Slack targets: one job per (notification, target), tried
 * again on network errors, timeouts, 429 and 5xx with exponential backoff (base, 2x base, 4x ...
 * capped), at most `maxAttempts` tries, at most `maxQueued` jobs waiting. A 4xx other than 429
 * is not retried. Outcomes are counted per rule and target.
 */
export interface NotifierOptions {
    clock: Clock;
    scheduler?: Scheduler;
    logger?: Logger;
    maxAttempts?: number;
    baseDelayMs?: number;
    maxDelayMs?: number;
    timeoutMs?: number;
    maxQueued?: number;
    /** Called after each attempt with the target's updated counts (to persist them). */
    onStats?: (ruleId: string, stats: TargetDeliveryStats) => void;
    /** Counts persisted earlier, so they survive a restart. */
    initialStats?: {
        ruleId: string;
        stats: TargetDeliveryStats;
    }[];
}
export declare class Notifier {
    private readonly clock;
    private readonly scheduler;
    private readonly logger;
    private readonly maxAttempts;
    private readonly baseDelayMs;
    private readonly maxDelayMs;
    private readonly timeoutMs;
    private readonly maxQueued;
    private readonly onStats;
    private readonly counts;
    private readonly inFlight;
    private readonly waiting;
    private closed;
    constructor(options: NotifierOptions);
    /** Queues a notification for each of the rule's targets (resolved ones only where sendResolved). */
    enqueue(rule: AlertRule, notification: AlertNotification): void;
    /** "Send test notification": one try per target, now, answered with each outcome. */
    sendTest(rule: AlertRule, notification: AlertNotification): Promise<DeliveryOutcome[]>;
    /** Delivery counts for each of the rule's current targets, in the rule's order. */
    delivery(rule: Pick<AlertRule, 'id' | 'notify'>): TargetDeliveryStats[];
    /** Jobs waiting for a retry. */
    get queued(): number;
    /** Resolves once no request is in flight (retries waiting on the scheduler do not count). */
    idle(): Promise<void>;
    /** Drops waiting retries and waits for requests in flight. */
    close(): Promise<void>;
    private run;
    private attempt;
    private record;
}
