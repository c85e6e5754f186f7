import type { Server as HttpServer } from 'node:http';
import { Server as IoServer } from 'socket.io';
import type { Clock } from './clock.js';
import type { Config } from './config.js';
import type { EventSink } from './context.js';
import { IngestStats } from './intake/stats.js';
import type { Alerting } from './alerts/service.js';
import type { FlushResult } from './pipeline.js';
import type { LiveCore } from './pipeline-runtime.js';
import type { MigrationSet } from './store/migrations.js';
import type { Logger } from './logger.js';
import type { ClientToServerEvents, ServerToClientEvents } from './wire/socket.js';
export type SipwatchIo = IoServer<ClientToServerEvents, ServerToClientEvents>;
export interface ListeningPorts {
    http: number;
    syslogUdp?: number;
    syslogTcp?: number;
    hepUdp?: number;
    hepTcp?: number;
}
export interface Application {
    readonly config: Config;
    readonly clock: Clock;
    readonly http: HttpServer;
    readonly io: SipwatchIo;
    readonly stats: IngestStats;
    /** The one entry point of normalised events: every intake adapter calls it per batch. */
    readonly ingest: EventSink;
    /** Observe accepted batches (tests, forwarders). Returns an unsubscribe function. */
    onAccepted(listener: EventSink): () => void;
    /** Aggregation, storage, queries and the live stream (see pipeline-runtime.ts). */
    readonly live: LiveCore;
    /** Alert rules, states and notifications; evaluated on every tick (see alerts/service.ts). */
    readonly alerting: Alerting;
    /** Closes the newest second and sends its ticks now; returns that second (tests: no sleeping). */
    tickNow(): number;
    /** Writes what changed to the database now (tests: no sleeping). */
    flushNow(): FlushResult;
    /** Binds every listener; ports of 0 pick free ones. */
    listen(): Promise<ListeningPorts>;
    /** Stops listeners, flushes, closes the store. Idempotent. */
    close(): Promise<void>;
}
export interface ApplicationDeps {
    clock?: Clock;
    logger?: Logger;
    /** false: no tick and flush timers; the test calls tickNow() and flushNow(). Default true. */
    timers?: boolean;
    /** Tables of other modules (e.g. alerts), applied at open; see store/migrations.ts. */
    migrations?: readonly MigrationSet[];
}
export declare function createApplication(config: Config, deps?: ApplicationDeps): Promise<Application>;
