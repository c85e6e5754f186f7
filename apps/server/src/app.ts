import { createServer } from 'node:http';
import type { Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import type { Server as IoServer } from 'socket.io';
import type { Clock } from './clock.js';
import { systemClock } from './clock.js';
import type { Config } from './config.js';
import type { EventSink, ServerContext } from './context.js';
import { IngestStats } from './intake/stats.js';
import { createAccessPolicy } from './security/access.js';
import { securityHeaders } from './security/headers.js';
import { sessionRouter } from './security/session-route.js';
import { guardSockets } from './security/socket-guard.js';
import { logOpenRoles } from './security/startup-notice.js';
import { peerAddress } from './intake/syslog/peer.js';
import { createHepIntake } from './intake/hep/hep-intake.js';
import { createIngestRouter } from './intake/http/router.js';
import { createIntake } from './intake/intake.js';
import { createSyslogServer } from './intake/syslog/server.js';
import { timingRouter } from './api/timing-route.js';
import { uiConfigRouter } from './api/ui-config-route.js';
import { createAlerting } from './alerts/service.js';
import type { Alerting } from './alerts/service.js';
import { aggregationSources } from './alerts/sources.js';
import { startBuiltInDemo, withDemoTrunks } from './demo/in-app.js';
import type { DemoRunner } from './demo/runner.js';
import type { FlushResult } from './pipeline.js';
import { createLiveCore } from './pipeline-runtime.js';
import { createLiveIo } from './stream/connection-limits.js';
import type { LiveCore } from './pipeline-runtime.js';
import type { MigrationSet } from './store/migrations.js';
import type { Logger } from './logger.js';
import { silentLogger } from './logger.js';
import type { SipEvent } from './wire/event.js';
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

export async function createApplication(given: Config, deps: ApplicationDeps = {}): Promise<Application> {
  const config = withDemoTrunks(given);
  const clock = deps.clock ?? systemClock;
  const logger = deps.logger ?? silentLogger;
  const stats = new IngestStats(clock, config.ingest.unparsedSamples);
  const listeners = new Set<EventSink>();

  const ingest: EventSink = (events: SipEvent[]) => {
    if (events.length === 0) return;
    live.ingest(events);
    for (const listener of listeners) listener(events);
  };

  const access = createAccessPolicy(config, {
    onRefused: (req, role) => {
      if (role === 'ingest') stats.rejected('http', peerAddress(req.socket.remoteAddress), 'unauthorized');
    },
  });
  const ctx: ServerContext = { config, clock, logger, stats, sink: ingest, access };
  // These throw ConfigError on a bad trunk table or syslog extractor, before anything listens.
  const intake = createIntake(ctx);
  const syslog = createSyslogServer(ctx, intake);
  const hep = createHepIntake(ctx, intake);

  const app = express();
  app.disable('x-powered-by');
  app.use(securityHeaders());
  app.use(access.guardRequest);
  app.use(sessionRouter(access));
  app.use(timingRouter(hep.timings, clock));
  app.use(uiConfigRouter(config, logger));
  app.use('/api/v1', createIngestRouter(ctx, intake));

  const http = createServer(app);
  // Connection caps first (before any handshake work), then who may connect (security/socket-guard.ts).
  const { io } = createLiveIo(http, {
    caps: config.stream,
    clientAddress: (req) => access.clientAddress(req),
  });
  guardSockets(io, access);

  // Opens the database (a StoreOpenError when it cannot) and loads the history it holds.
  const live: LiveCore = createLiveCore({
    config,
    clock,
    logger,
    stats,
    io,
    timings: hep.timings,
    hepStats: () => hep.stats(),
    migrations: deps.migrations,
  });
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
    retentionNow: () => live.pipeline.retentionNow(),
  });
  app.use('/api/v1/alerts', alerting.router);
  // Rules are evaluated on the windows ending with the second the tick closed.
  live.onTick((closedSecond) => alerting.evaluate((closedSecond + 1) * 1000));
  let demo: DemoRunner | undefined;

  let closed: Promise<void> | undefined;

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
      await new Promise<void>((resolve, reject) => {
        http.once('error', reject);
        http.listen(config.http.port, config.host, () => {
          http.off('error', reject);
          resolve();
        });
      });
      const hepPorts = await hep.listen();
      const syslogPorts = await syslog.listen();
      const ports: ListeningPorts = {
        http: (http.address() as AddressInfo).port,
        ...hepPorts,
        ...syslogPorts,
      };
      logOpenRoles(config, access, logger);
      live.markListening();
      if (deps.timers !== false) live.startTimers();
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
        await new Promise<void>((resolve) => http.close(() => resolve()));
        clearTimeout(force);
        // Last: every accepted event is in the final flush.
        live.close();
      })();
      return closed;
    },
  };
}
