import { createServer } from 'node:http';
import express from 'express';
import { Server as IoServer } from 'socket.io';
import { systemClock } from './clock.js';
import { IngestStats } from './intake/stats.js';
import { createHepIntake } from './intake/hep/hep-intake.js';
import { createIngestRouter } from './intake/http/router.js';
import { createIntake } from './intake/intake.js';
import { createSyslogServer } from './intake/syslog/server.js';
import { timingRouter } from './api/timing-route.js';
import { uiConfigRouter } from './api/ui-config-route.js';
import { createAlerting } from './alerts/service.js';
import { aggregationSources } from './alerts/sources.js';
import { startBuiltInDemo } from './demo/in-app.js';
import { createLiveCore } from './pipeline-runtime.js';
import { silentLogger } from './logger.js';
export async function createApplication(config, deps = {}) {
    const clock = deps.clock ?? systemClock;
    const logger = deps.logger ?? silentLogger;
    const stats = new IngestStats(clock, config.ingest.unparsedSamples);
    const listeners = new Set();
    const ingest = (events) => {
        if (events.length === 0)
            return;
        live.ingest(events);
        for (const listener of listeners)
            listener(events);
    };
    const ctx = { config, clock, logger, stats, sink: ingest };
    // These throw ConfigError on a bad trunk table or syslog extractor, before anything listens.
    const intake = createIntake(ctx);
    const syslog = createSyslogServer(ctx, intake);
    const hep = createHepIntake(ctx, intake);
    const app = express();
    app.disable('x-powered-by');
    app.use(timingRouter(hep.timings, clock));
    app.use(uiConfigRouter(config, logger));
    app.use('/api/v1', createIngestRouter(ctx, intake));
    const http = createServer(app);
    const io = new IoServer(http, { serveClient: false });
    // Opens the database (a StoreOpenError when it cannot) and loads the history it holds.
    const live = createLiveCore({ config, clock, logger, stats, io, migrations: deps.migrations });
    app.use(live.router);
    const alerting = createAlerting({
        ctx,
        db: live.store.db,
        sources: aggregationSources({
            queries: live.queries,
            aggregator: live.pipeline.aggregator,
            store: live.store,
            stats,
            timings: hep.timings,
        }),
        io,
    });
    app.use('/api/v1/alerts', alerting.router);
    // Rules are evaluated on the windows ending with the second the tick closed.
    live.onTick((closedSecond) => alerting.evaluate((closedSecond + 1) * 1000));
    let demo;
    let closed;
    return {
        config,
        clock,
        http,
        io,
        stats,
        ingest,
        live,
        alerting,
        tickNow: () => live.tickNow(),
        flushNow: () => live.flushNow(),
        onAccepted(listener) {
            listeners.add(listener);
            return () => listeners.delete(listener);
        },
        async listen() {
            // The dashboard, JSON 404s and the error handler go last: mount every other router above.
            app.use(live.lastRouter);
            await new Promise((resolve, reject) => {
                http.once('error', reject);
                http.listen(config.http.port, config.host, () => {
                    http.off('error', reject);
                    resolve();
                });
            });
            const hepPorts = await hep.listen();
            const syslogPorts = await syslog.listen();
            const ports = {
                http: http.address().port,
                ...hepPorts,
                ...syslogPorts,
            };
            live.markListening();
            if (deps.timers !== false)
                live.startTimers();
            demo = startBuiltInDemo(config, ports, clock, logger);
            return ports;
        },
        close() {
            closed ??= (async () => {
                await demo?.stop();
                await alerting.close();
                await syslog.close();
                await hep.close();
                // In-flight requests (an ingest POST) may finish; a client that never finishes its body may not
                // hold the stop (and the final flush) hostage.
                const force = setTimeout(() => http.closeAllConnections(), 3000);
                force.unref();
                await io.close();
                await new Promise((resolve) => http.close(() => resolve()));
                clearTimeout(force);
                // Last: every accepted event is in the final flush.
                live.close();
            })();
            return closed;
        },
    };
}
//# sourceMappingURL=app.js.map