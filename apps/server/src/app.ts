import { createServer } from 'node:http';
import type { Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import type { Clock } from './clock.js';
import { systemClock } from './clock.js';
import type { Config } from './config.js';
import type { EventSink, ServerContext } from './context.js';
import { IngestStats } from './intake/stats.js';
import { createAccessPolicy } from './security/access.js';
import { guardSockets } from './security/socket-guard.js';
import { logOpenRoles } from './security/startup-notice.js';
import { peerAddress } from './intake/syslog/peer.js';
import { createHepIntake } from './intake/hep/hep-intake.js';
import { createIntake } from './intake/intake.js';
import type { IntakePool } from './intake/workers/pool.js';
import { createSyslogServer } from './intake/syslog/server.js';
import { createAlerting, openAlertRepository } from './alerts/service.js';
import type { AlertingDeps } from './alerts/service.js';
import { AlertLeader } from './cluster/alert-leader.js';
import { attachClusterAdapter } from './cluster/socket-adapter.js';
import { ClusterAlertStore } from './cluster/alert-store.js';
import { joinCluster } from './cluster/cluster-node.js';
import { registerClusterMetrics } from './cluster/cluster-metrics.js';
import { RemoteSeconds } from './core/remote-seconds.js';
import type { ClusterNode } from './cluster/cluster-node.js';
import type { Scheduler } from './alerts/scheduler.js';
import { mountRoutes } from './http-routes.js';
import type { Alerting } from './alerts/service.js';
import { aggregationSources } from './alerts/sources.js';
import { startBuiltInDemo, withDemoTrunks } from './demo/in-app.js';
import type { DemoRunner } from './demo/runner.js';
import type { FlushResult } from './pipeline.js';
import type { CallTimings } from './core/call-timing.js';
import { createLiveCore } from './pipeline-runtime.js';
import { createLiveIo } from './stream/connection-limits.js';
import type { SipwatchIo } from './stream/connection-limits.js';
import type { LiveCore, LiveCoreDeps } from './pipeline-runtime.js';
import type { MigrationSet } from './store/migrations.js';
import type { Logger } from './logger.js';
import { silentLogger } from './logger.js';
import { DAY_MS } from '@sipwatch/wire';
import type { SipEvent } from '@sipwatch/wire';

export type { SipwatchIo } from './stream/connection-limits.js';

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
  /** The intake's worker threads (undefined with intake.workers 0); the bench asks them their CPU. */
  readonly intakePool: IntakePool | undefined;
  /** Aggregation, storage, queries and the live stream (see pipeline-runtime.ts). */
  readonly live: LiveCore;
  /** Call timings the HEP intake measures (post-dial delay, setup time). */
  readonly timings: CallTimings;
  /** This node of a cluster on PostgreSQL, when cluster.postgresUrl is set (see cluster/cluster-node.ts). */
  readonly cluster: ClusterNode | undefined;
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
  /** Tests: the alerts' timers (notification retries) on a clock the test moves. */
  scheduler?: Scheduler;
  /** Tests only, never from the configuration: fake faults of the database (see pipeline-runtime.ts). */
  storeTestOptions?: LiveCoreDeps['storeTestOptions'];
}

/**
 * The composition root: the parts in the order an event flows through them (intake → pipeline and
 * store → live stream → alerts), then the HTTP routes over all of them.
 */
export async function createApplication(given: Config, deps: ApplicationDeps = {}): Promise<Application> {
  const config = withDemoTrunks(given);
  const clock = deps.clock ?? systemClock;
  const logger = deps.logger ?? silentLogger;
  const stats = new IngestStats(clock, config.ingest.unparsedSamples);
  const listeners = new Set<EventSink>();
  const access = createAccessPolicy(config, {
    onRefused: (req, role) => {
      if (role === 'ingest') stats.rejected('http', peerAddress(req.socket.remoteAddress), 'unauthorized');
    },
  });

  // The one entry point of normalised events, from every intake.
  const ingest: EventSink = (events: SipEvent[]) => {
    if (events.length === 0) return;
    live.ingest(events);
    for (const listener of listeners) listener(events);
  };
  const ctx: ServerContext = {
    config,
    clock,
    logger,
    stats,
    ingest,
    access,
    intakeRefused: () => live.pipeline.health.refusingIntake,
  };

  // Intake: these throw ConfigError on a bad trunk table or syslog extractor, before anything listens.
  const intake = createIntake(ctx);
  const syslog = createSyslogServer(ctx, intake);
  const hep = createHepIntake(ctx, intake);

  // The transports the live stream and the routes share.
  const app = express();
  const http = createServer(app);
  // Connection caps first (before any handshake work), then who may connect (security/socket-guard.ts).
  const { io } = createLiveIo(http, {
    caps: config.stream,
    clientAddress: (req) => access.clientAddress(req),
  });
  guardSockets(io, access);

  // On a cluster node, the other nodes' live seconds (filled by the cluster node's mirror).
  const remote = config.cluster.postgresUrl === undefined ? undefined : new RemoteSeconds();

  // Pipeline, store and live stream: opens the database (a StoreOpenError when it cannot) and loads its history.
  const live: LiveCore = createLiveCore({
    config,
    clock,
    logger,
    stats,
    io,
    timings: hep.timings,
    ...(hep.calls && { calls: hep.calls }),
    hepStats: () => hep.stats(),
    migrations: deps.migrations,
    // Bound below: nothing flushes before the node has joined (no timers run before listen()).
    onWritten: (dirty, calls) => cluster?.written(dirty, calls),
    ...(remote && { remote }),
    ...(deps.storeTestOptions && { storeTestOptions: deps.storeTestOptions }),
  });

  // A cluster node publishes each flush to PostgreSQL and answers reads for the cluster.
  let cluster: ClusterNode | undefined;
  try {
    cluster = await joinCluster(config, {
      clock,
      logger,
      aggregator: live.pipeline.aggregator,
      store: live.store,
      outbox: () => live.store.outbox(clock.now()),
      liveEnd: () => live.queries.liveEnd(),
      ...(remote && { remote }),
      poll: deps.timers !== false,
      retentionNow: () => live.pipeline.retentionNow(),
    });
  } catch (err) {
    live.close();
    throw err;
  }
  if (cluster) {
    const node = cluster;
    registerClusterMetrics(live.metrics.registry, {
      boots: () => node.queries.boots(),
      now: () => clock.now(),
      outbox: () => node.publisher.outboxed,
    });
  }

  // On a cluster node, alert rules, silences and acks live in PostgreSQL, and one leader evaluates.
  let clusterAlerts: AlertingDeps['cluster'];
  if (cluster) {
    const node = cluster;
    try {
      const local = openAlertRepository(live.store.db, clock.now());
      const store = await ClusterAlertStore.open(node.pool, local, clock.now());
      clusterAlerts = {
        store,
        evaluation: ({ service, notifier }) =>
          new AlertLeader({
            url: node.url,
            nodeId: node.nodeId,
            bootId: node.bootId,
            eligible: config.cluster.alerts,
            pool: node.pool,
            clock,
            logger,
            store,
            service,
            notifier,
            retentionMs: config.aggregation.retentionDays * DAY_MS,
            retentionNow: () => live.pipeline.retentionNow(),
          }),
      };
    } catch (err) {
      live.close();
      await node.close();
      throw err;
    }
  }

  // On a cluster node, what is emitted to every dashboard (alert changes) reaches every node's
  // sockets; ticks and snapshots go to this node's own (io.local).
  const clusterIo =
    cluster && (await attachClusterAdapter(io, { url: cluster.url, nodeId: cluster.nodeId, logger }));

  // Alerts, evaluated on the windows ending with the second each tick closed.
  const alerting = createAlerting({
    ctx,
    db: live.store.db,
    sources: aggregationSources({
      // On a cluster node, the other nodes' live seconds too (see docs/cluster.md, alerts).
      queries: remote ? live.queries.withRemote(remote) : live.queries,
      aggregator: live.pipeline.aggregator,
      store: live.store,
      stats,
      timings: hep.timings,
    }),
    io,
    scheduler: deps.scheduler,
    retentionNow: () => live.pipeline.retentionNow(),
    ...(clusterAlerts && { cluster: clusterAlerts }),
  });
  live.onTick((closedSecond) => alerting.evaluate((closedSecond + 1) * 1000));

  mountRoutes(app, { ctx, intake, timings: hep.timings, live, alerting, cluster });
  let demo: DemoRunner | undefined;

  let closed: Promise<void> | undefined;

  return {
    config,
    clock,
    http,
    io,
    stats,
    ingest,
    intakePool: intake.pool,
    live,
    timings: hep.timings,
    cluster,
    alerting,
    tickNow: () => live.tickNow(),
    flushNow: () => live.flushNow(),
    onAccepted(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async listen() {
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
        await clusterIo?.close();
        await new Promise<void>((resolve) => http.close(() => resolve()));
        clearTimeout(force);
        // What the intake workers accepted is in the final flush: wait for their answers first.
        await intake.close();
        // Last: every accepted event is in the final flush (and, on a cluster node, published).
        try {
          live.close();
        } finally {
          await cluster?.close();
        }
      })();
      return closed;
    },
  };
}
