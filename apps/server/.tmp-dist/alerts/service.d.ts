import type { Database } from 'better-sqlite3';
import type { Router } from 'express';
import type { Server as IoServer } from 'socket.io';
import type { ServerContext } from '../context.js';
import type { AlertTransition } from '../wire/alerts.js';
import type { ClientToServerEvents, ServerToClientEvents } from '../wire/socket.js';
import type { AlertSources } from './alert-service.js';
import { AlertService } from './alert-service.js';
import { Notifier } from './notifier.js';
import type { NotifierOptions } from './notifier.js';
import type { Scheduler } from './scheduler.js';
/**
 * The alerting shell: evaluates every enabled rule on the aggregates each time `evaluate(now)` is
 * called (the server's 1-second tick), keeps rules/states/history in SQLite, tells every dashboard
 * over Socket.IO and queues notifications. Mount `router` at /api/v1/alerts.
 */
export interface AlertingDeps {
    ctx: Pick<ServerContext, 'config' | 'clock' | 'logger'>;
    /** The store's database handle; the alert tables are migrated in it (module "alerts"). */
    db: Database;
    sources: AlertSources;
    io?: IoServer<ClientToServerEvents, ServerToClientEvents> | undefined;
    scheduler?: Scheduler | undefined;
    notifier?: Pick<NotifierOptions, 'maxAttempts' | 'baseDelayMs' | 'maxDelayMs' | 'timeoutMs' | 'maxQueued'>;
}
export interface Alerting {
    /** Mount at /api/v1/alerts. */
    router: Router;
    service: AlertService;
    notifier: Notifier;
    /** Evaluates every enabled rule at `now`; returns the transitions taken. */
    evaluate(now: number): AlertTransition[];
    /** Drops waiting notification retries and waits for those in flight. */
    close(): Promise<void>;
}
/** Every dashboard gets the whole picture this often (volatile), besides each change at once. */
export declare const SNAPSHOT_EVERY_MS = 5000;
export declare function createAlerting(deps: AlertingDeps): Alerting;
