import express from 'express';
import { apiRouter, jsonErrorHandler } from './api/routes.js';
import { QueryService } from './api/queries.js';
import { dbFilePath } from './config.js';
import { createMetrics } from './metrics.js';
import { Pipeline } from './pipeline.js';
import { defaultWebRoot, staticWebRouter } from './static-web.js';
import { openSqliteStore } from './store/sqlite-store.js';
import { StoreOpenError } from './store/store.js';
import { LiveStream } from './stream/live-stream.js';
/** Ticks this long after each second boundary, so events of that second are in. */
const TICK_DELAY_MS = 20;
export function createLiveCore(deps) {
    const { config, clock, logger, stats, io } = deps;
    const file = dbFilePath(config);
    const store = openSqliteStore(file, { migrations: deps.migrations ?? [], now: clock.now() });
    logger.info({ file }, 'database open');
    const live = new Pipeline({
        config,
        clock,
        logger,
        stats,
        store,
        onFlush: (seconds, ok) => metrics.observeFlush(seconds, ok),
    });
    try {
        live.load();
    }
    catch (err) {
        store.close();
        throw new StoreOpenError(`cannot read the database file ${file}: ${err.message}`);
    }
    const metrics = createMetrics({ pipeline: () => live, stats, liveRooms: () => stream.roomCount });
    const queries = new QueryService(live.aggregator, store, clock);
    const stream = new LiveStream(io, queries, logger);
    const tickListeners = new Set();
    let listening = false;
    let closed = false;
    let tickTimer;
    let flushTimer;
    const tickNow = () => {
        const closedSecond = live.tick();
        stream.tick(closedSecond);
        for (const listener of tickListeners) {
            try {
                listener(closedSecond);
            }
            catch (err) {
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
    if (web)
        lastRouter.use(web);
    else
        logger.info('no built dashboard found (pnpm build); serving the API only');
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
            if (closed || tickTimer)
                return;
            // With the default 1 s flush, the flush follows each tick once its messages are out. Either
            // way the event loop only hands the changes to the store's writer thread: the SQL, the
            // encoding and the disk never stall ticks or the UDP listeners.
            const flushWithTick = config.storage.flushIntervalMs === 1000;
            const flush = () => {
                if (!closed)
                    void live.flushInBackground();
            };
            const scheduleTick = () => {
                const wait = 1000 - (Date.now() % 1000) + TICK_DELAY_MS;
                tickTimer = setTimeout(() => {
                    tickNow();
                    if (flushWithTick)
                        setImmediate(flush);
                    if (!closed)
                        scheduleTick();
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
            if (closed)
                return;
            closed = true;
            clearTimeout(tickTimer);
            clearInterval(flushTimer);
            const result = live.flush(true);
            if (!result.ok)
                logger.error('the final flush failed: the last second of events is lost');
            store.close();
        },
    };
}
//# sourceMappingURL=pipeline-runtime.js.map