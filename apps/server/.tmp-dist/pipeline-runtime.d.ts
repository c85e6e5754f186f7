import type { Router } from 'express';
import type { SipwatchIo } from './app.js';
import { QueryService } from './api/queries.js';
import type { Clock } from './clock.js';
import type { Config } from './config.js';
import type { EventSink } from './context.js';
import type { IngestStats } from './intake/stats.js';
import type { Logger } from './logger.js';
import type { Metrics } from './metrics.js';
import type { FlushResult } from './pipeline.js';
import { Pipeline } from './pipeline.js';
import type { MigrationSet } from './store/migrations.js';
import type { SqliteStore } from './store/sqlite-store.js';
import { LiveStream } from './stream/live-stream.js';
/**
 * Everything behind `ctx.sink`, wired: the store, the pipeline, the queries, the live stream, the
 * metrics and the timers that tick and flush. app.ts creates one and mounts its routers.
 */
export interface LiveCoreDeps {
    config: Config;
    clock: Clock;
    logger: Logger;
    stats: IngestStats;
    io: SipwatchIo;
    /** Other modules' tables (e.g. alerts); see store/migrations.ts. */
    migrations?: readonly MigrationSet[];
}
export interface LiveCore {
    readonly store: SqliteStore;
    readonly pipeline: Pipeline;
    readonly queries: QueryService;
    readonly stream: LiveStream;
    readonly metrics: Metrics;
    readonly ingest: EventSink;
    /** REST under /api/v1, /metrics, /healthz, /readyz. */
    readonly router: Router;
    /** The dashboard (when built), JSON 404s under /api, the JSON error handler: mount after every other router. */
    readonly lastRouter: Router;
    /** Called after every tick with the newest closed second (alert evaluation hooks in here). */
    onTick(listener: (closedSecond: number) => void): () => void;
    /** Starts the tick (each second) and flush timers. */
    startTimers(): void;
    /** Closes the newest second and sends the ticks now; returns that second. For tests and timers. */
    tickNow(): number;
    /** Writes what changed now and returns once it is written. For tests (the timers write in the background). */
    flushNow(): FlushResult;
    /** Marks the server as listening (for /readyz). */
    markListening(): void;
    /** Stops the timers, waits for background writes, flushes, closes the database. Idempotent. */
    close(): void;
}
export declare function createLiveCore(deps: LiveCoreDeps): LiveCore;
