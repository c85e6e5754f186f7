import express from 'express';
import type { Router } from 'express';
import type { SipwatchIo } from './app.js';
import { apiRouter, jsonErrorHandler } from './api/routes.js';
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
import { defaultWebRoot, staticWebRouter } from './static-web.js';
import type { CallTimings } from './core/call-timing.js';
import type { HepIntakeStats } from './intake/hep/hep-intake.js';
import type { MigrationSet } from './store/migrations.js';
import { openSqliteStore } from './store/sqlite-store.js';
import { StoreOpenError } from './store/store.js';
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
  /** The HEP intake's call timings, persisted with the rollups. */
  timings?: CallTimings;
  /** The HEP intake's running figures, for /metrics. */
  hepStats?: () => HepIntakeStats;
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

/** Ticks this long after each second boundary, so events of that second are in. */
const TICK_DELAY_MS = 20;

export function createLiveCore(deps: LiveCoreDeps): LiveCore {
  const { config, clock, logger, stats, io } = deps;
  const file = dbFilePath(config);
  const store = openSqliteStore(file, { migrations: deps.migrations ?? [], now: clock.now() });
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
    onFlush: (seconds, ok) => metrics.observeFlush(seconds, ok),
  });
  try {
    live.load();
  } catch (err) {
    store.close();
    throw new StoreOpenError(`cannot read the database file ${file}: ${(err as Error).message}`);
  }
  const metrics = createMetrics({
    pipeline: () => live,
    stats,
    liveRooms: () => stream.roomCount,
    ...(deps.hepStats && { hep: deps.hepStats }),
  });
  const queries = new QueryService(live.aggregator, store, clock);
  const stream = new LiveStream(io, queries, logger, {
    clock,
    subscribesPerSecond: config.stream.subscribesPerSecond,
  });
  const tickListeners = new Set<(closedSecond: number) => void>();
  let listening = false;
  let closed = false;
  let tickTimer: NodeJS.Timeout | undefined;
  let flushTimer: NodeJS.Timeout | undefined;

  const tickNow = (): number => {
    const { closed: closedSecond, revised } = live.tick();
    stream.tick(closedSecond, revised);
    for (const listener of tickListeners) {
      try {
        listener(closedSecond);
      } catch (err) {
        logger.error({ err }, 'a tick listener failed');
      }
    }
    return closedSecond;
  };

  const router = express.Router();
  router.get('/healthz', (_req, res) => {
    res.json({ ok: true });
  });
  router.get('/readyz', (_req, res) => {
    const last = live.lastFlush;
    const ready = listening && !closed && (last === undefined || last.ok);
    res.status(ready ? 200 : 503).json({
      ready,
      listening,
      database: closed ? 'closed' : 'open',
      lastFlush: last ?? null,
    });
  });
  router.get('/metrics', (_req, res, next) => {
    metrics.registry.metrics().then((text) => {
      res.setHeader('Content-Type', metrics.registry.contentType);
      res.send(text);
    }, next);
  });
  const day = 86_400_000;
  router.use(apiRouter({ queries, store, logger, maxRangeMs: config.aggregation.retentionDays * day + day }));

  const lastRouter = express.Router();
  const web = staticWebRouter(config.http.webRoot ?? defaultWebRoot());
  if (web) lastRouter.use(web);
  else logger.info('no built dashboard found (pnpm build); serving the API only');
  lastRouter.use('/api', (req, res) => {
    res.status(404).json({ error: `no such endpoint: ${req.method} ${req.originalUrl.split('?')[0]}` });
  });
  lastRouter.use(jsonErrorHandler(logger));

  return {
    store,
    pipeline: live,
    queries,
    stream,
    metrics,
    ingest: live.ingest,
    router,
    lastRouter,
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
    close() {
      if (closed) return;
      closed = true;
      clearTimeout(tickTimer);
      clearInterval(flushTimer);
      const result = live.flush(true);
      if (!result.ok) logger.error('the final flush failed: the last second of events is lost');
      store.close();
    },
  };
}
