import type { SipwatchIo } from './stream/connection-limits.js';
import { QueryService } from './api/queries.js';
import type { Clock } from './clock.js';
import type { Config } from './config.js';
import { dbFilePath } from './config.js';
import type { EventSink } from './context.js';
import type { IngestStats } from './intake/stats.js';
import type { Logger } from './logger.js';
import type { Metrics } from './metrics.js';
import { createMetrics } from './metrics.js';
import type { FlushResult } from './pipeline.js';
import { Pipeline } from './pipeline.js';
import type { PipelineDeps } from './pipeline.js';
import type { CallTimings } from './core/call-timing.js';
import type { HepIntakeStats } from './intake/hep/hep-intake.js';
import type { MigrationSet } from './store/migrations.js';
import { openSqliteStore } from './store/sqlite-store.js';
import { StoreOpenError } from './store/store.js';
import type { SqliteStore, SqliteStoreOptions } from './store/sqlite-store.js';
import type { StorageStatus } from '@sipwatch/wire';
import { LiveStream } from './stream/live-stream.js';
import { mergeRevisions } from './stream/revisions.js';
import type { RemoteSeconds } from './core/remote-seconds.js';

/**
 * Everything behind `ctx.ingest`, wired: the store, the pipeline, the queries, the live stream, the
 * metrics and the timers that tick and flush. No routes: http-routes.ts serves what it holds.
 */
export interface LiveCoreDeps {
  config: Config;
  clock: Clock;
  logger: Logger;
  stats: IngestStats;
  io: SipwatchIo;
  /** The HEP intake's call timings, persisted with the rollups. */
  timings?: CallTimings;
  /** The HEP intake's kept calls, written with every flush. */
  calls?: PipelineDeps['calls'];
  /** The HEP intake's running figures, for /metrics. */
  hepStats?: () => HepIntakeStats;
  /** Other modules' tables (e.g. alerts); see store/migrations.ts. */
  migrations?: readonly MigrationSet[];
  /** Told what each flush wrote, once written (see PipelineDeps.onWritten). */
  onWritten?: PipelineDeps['onWritten'];
  /** On a cluster node: the other nodes' live seconds, which the live stream adds to this node's. */
  remote?: RemoteSeconds;
  /** Tests only: store options no configuration reaches (see SqliteStoreOptions.maxPageCount). */
  storeTestOptions?: Pick<SqliteStoreOptions, 'maxPageCount'>;
}

export interface LiveCore {
  readonly store: SqliteStore;
  readonly pipeline: Pipeline;
  readonly queries: QueryService;
  readonly stream: LiveStream;
  readonly metrics: Metrics;
  readonly ingest: EventSink;
  /** What /readyz answers: ready when listening, open and saving. */
  readiness(): Readiness;
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
  /** Whether data is being saved (also pushed to dashboards as `storage:status`). */
  storageStatus(): StorageStatus;
  /**
   * Stops the timers, waits for background writes, flushes, closes the database. Idempotent.
   * Throws FinalFlushError when the final flush could not be written.
   */
  close(): void;
}

export interface Readiness {
  ready: boolean;
  listening: boolean;
  database: 'open' | 'closed';
  storage: StorageStatus;
  lastFlush: FlushResult | null;
  /** On a cluster node: whether its counts reach PostgreSQL (see cluster/cluster-node.ts). */
  cluster?: ClusterPublishing;
}

export interface ClusterPublishing {
  /** failing: PostgreSQL does not take the publishes; draining: it does again, the outbox still holds rows. */
  state: 'ok' | 'failing' | 'draining';
  failuresInRow: number;
  /** Seconds, minutes and names waiting in memory to be published. */
  staged: number;
  lastPublishedAt: number | null;
  /** Rows waiting in the SQLite file's outbox, and the oldest second they cover (epoch seconds). */
  outbox: { rows: number; oldestSecond: number | null };
}

/** The final flush at shutdown failed: what it held is lost. */
export class FinalFlushError extends Error {
  override name = 'FinalFlushError';
}

/** Ticks this long after each second boundary, so events of that second are in. */
const TICK_DELAY_MS = 20;

export function createLiveCore(deps: LiveCoreDeps): LiveCore {
  const { config, clock, logger, stats, io } = deps;
  const file = dbFilePath(config);
  const startedAt = clock.now();
  const store = openSqliteStore(file, {
    migrations: deps.migrations ?? [],
    now: clock.now(),
    writeTimeoutMs: config.storage.writeTimeoutMs,
    ...deps.storeTestOptions,
  });
  logger.info(
    { file },
    config.demo.enabled ? 'database open (demo traffic on: a file of its own)' : 'database open',
  );

  const live = new Pipeline({
    config,
    clock,
    logger,
    stats,
    store,
    ...(deps.timings && { timings: deps.timings }),
    ...(deps.calls && { calls: deps.calls }),
    onFlush: (seconds, ok) => metrics.observeFlush(seconds, ok),
    onStorageStatus: () => publishStorageStatus(),
    ...(deps.onWritten && { onWritten: deps.onWritten }),
  });
  try {
    live.load();
  } catch (err) {
    store.close();
    throw new StoreOpenError(`cannot read the database file ${file}: ${(err as Error).message}`);
  }
  const metrics = createMetrics({
    pipeline: () => live,
    storage: () => {
      const now = clock.now();
      const status = live.health.status(now);
      const ageSeconds = (now - (status.lastGoodFlushAt ?? startedAt)) / 1000;
      return { status, ageSeconds, ...store.writerStats };
    },
    stats,
    liveRooms: () => stream.roomCount,
    ...(deps.hepStats && { hep: deps.hepStats }),
  });
  const queries = new QueryService(live.aggregator, store, clock, live.runs);
  // Alerts and the REST fallbacks read this node's own counts; the live stream shows the cluster.
  const { remote } = deps;
  const stream = new LiveStream(io, remote ? queries.withRemote(remote) : queries, logger, {
    clock,
    subscribesPerSecond: config.stream.subscribesPerSecond,
  });
  const tickListeners = new Set<(closedSecond: number) => void>();
  let listening = false;
  let closed = false;
  let tickTimer: NodeJS.Timeout | undefined;
  let flushTimer: NodeJS.Timeout | undefined;

  const storageStatus = (): StorageStatus => live.health.status(clock.now());
  let published = storageStatus();
  /** Tells every dashboard when the status changed (also the time-based 'stalled', checked each tick). */
  const publishStorageStatus = (): void => {
    const status = storageStatus();
    if (
      status.state === published.state &&
      status.message === published.message &&
      status.refusingIntake === published.refusingIntake
    )
      return;
    published = status;
    // This node's storage: its own dashboards only (on a cluster too).
    io.local.emit('storage:status', status);
  };
  io.on('connection', (socket) => socket.emit('storage:status', storageStatus()));

  const tickNow = (): number => {
    const { closed: closedSecond, revised } = live.tick();
    if (remote) {
      remote.dropBefore(live.aggregator.liveStartSecond);
      stream.tick(closedSecond, mergeRevisions(revised, remote.takeChanged(closedSecond)));
    } else stream.tick(closedSecond, revised);
    publishStorageStatus();
    for (const listener of tickListeners) {
      try {
        listener(closedSecond);
      } catch (err) {
        logger.error({ err }, 'a tick listener failed');
      }
    }
    return closedSecond;
  };

  const readiness = (): Readiness => {
    const storage = storageStatus();
    const ready = listening && !closed && storage.state === 'ok';
    return {
      ready,
      listening,
      database: closed ? 'closed' : 'open',
      storage,
      lastFlush: live.lastFlush ?? null,
    };
  };

  return {
    store,
    pipeline: live,
    queries,
    stream,
    metrics,
    ingest: live.ingest,
    readiness,
    onTick(listener) {
      tickListeners.add(listener);
      return () => tickListeners.delete(listener);
    },
    startTimers() {
      if (closed || tickTimer) return;
      // With the default 1 s flush, the flush follows each tick once its messages are out. Either
      // way the event loop only hands the changes to the store's writer thread: the SQL, the
      // encoding and the disk never stall ticks or the UDP listeners.
      const flushWithTick = config.storage.flushIntervalMs === 1000;
      const flush = (): void => {
        if (!closed) void live.flushInBackground();
      };
      const scheduleTick = (): void => {
        const wait = 1000 - (Date.now() % 1000) + TICK_DELAY_MS;
        tickTimer = setTimeout(() => {
          tickNow();
          if (flushWithTick) setImmediate(flush);
          if (!closed) scheduleTick();
        }, wait);
        tickTimer.unref();
      };
      live.health.timersRunning = true;
      scheduleTick();
      if (!flushWithTick) {
        flushTimer = setInterval(flush, config.storage.flushIntervalMs);
        flushTimer.unref();
      }
    },
    tickNow,
    flushNow: () => live.flush(),
    markListening() {
      listening = true;
    },
    storageStatus,
    close() {
      if (closed) return;
      closed = true;
      clearTimeout(tickTimer);
      clearInterval(flushTimer);
      live.health.timersRunning = false;
      const result = live.flush(true);
      let closeError: unknown;
      try {
        store.close();
      } catch (err) {
        closeError = err;
      }
      if (!result.ok) {
        const status = storageStatus();
        throw new FinalFlushError(
          `the final flush could not be written (${status.message ?? 'unknown error'}): ` +
            `${result.seconds} seconds and ${result.minutes} minutes of counts and ${result.events} raw events since ` +
            `the last good flush${status.lastGoodFlushAt === null ? '' : ` (${new Date(status.lastGoodFlushAt).toISOString()})`} are lost`,
        );
      }
      if (closeError) throw closeError;
    },
  };
}
