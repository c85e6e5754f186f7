import { DAY_MS } from '@sipwatch/wire';
import type { Database } from 'better-sqlite3';
import type { Router } from 'express';
import type { Server as IoServer } from 'socket.io';
import type { ServerContext } from '../context.js';
import { runMigrations } from '../store/migrations.js';
import type { AlertTransition, NotifyTarget } from '@sipwatch/wire';
import { ALERTMANAGER_RESEND_MS } from './channels/alertmanager.js';
import type { ClientToServerEvents, ServerToClientEvents } from '@sipwatch/wire';
import type { AlertEmitter, AlertSources } from './evaluator.js';
import { AlertService } from './alert-service.js';
import { Notifier } from './notifier.js';
import type { NotifierOptions } from './notifier.js';
import { ALERT_MIGRATIONS, AlertRepository } from './repository.js';
import type { AlertStore } from './repository.js';
import { alertsRouter } from './routes.js';
import type { Scheduler } from './scheduler.js';
import { targetPolicy } from './target-policy.js';

/**
 * The alerting shell: evaluates every enabled rule on the aggregates each time `evaluate(now)` is
 * called (the server's 1-second tick), keeps rules/states/history in SQLite, tells every dashboard
 * over Socket.IO and queues notifications. Mount `router` at /api/v1/alerts.
 */

export interface AlertingDeps {
  ctx: Pick<ServerContext, 'config' | 'clock' | 'logger' | 'access'>;
  /** The store's database handle; the alert tables are migrated in it (module "alerts"). */
  db: Database;
  sources: AlertSources;
  io?: IoServer<ClientToServerEvents, ServerToClientEvents> | undefined;
  scheduler?: Scheduler | undefined;
  /** The store's retention reference (see store/retention-reference.ts). */
  retentionNow?: () => number;
  notifier?: Pick<NotifierOptions, 'maxAttempts' | 'baseDelayMs' | 'maxDelayMs' | 'timeoutMs' | 'maxQueued'>;
  /**
   * On a cluster node: the store in PostgreSQL (cluster/alert-store.ts), and the evaluation by
   * the cluster's one alert leader (cluster/alert-leader.ts) instead of this node's own.
   */
  cluster?: {
    store: AlertStore;
    evaluation(parts: { service: AlertService; notifier: Notifier }): ClusterEvaluation;
  };
}

/** The cluster's evaluation as this node takes part in it. */
export interface ClusterEvaluation {
  /** The server's tick: evaluates at `now` when this node leads. */
  tick(now: number): void;
  readonly isLeader: boolean;
  /** Resolves once no evaluation or reload is running or waiting. */
  settled(): Promise<void>;
  close(): Promise<void>;
}

export interface Alerting {
  /** Mount at /api/v1/alerts. */
  router: Router;
  service: AlertService;
  notifier: Notifier;
  /** On a cluster node: its part in the one evaluation. */
  cluster: ClusterEvaluation | undefined;
  /** Evaluates every enabled rule at `now`; returns the transitions taken. */
  evaluate(now: number): AlertTransition[];
  /** Drops waiting notification retries and waits for those in flight. */
  close(): Promise<void>;
}

/**
 * Every dashboard gets the whole picture this often, besides each change at once. Not volatile: it
 * goes out in the same turn as the volatile ticks, which would have it dropped behind them on every
 * subscribed socket, and it is what brings a dashboard back in line after a missed change.
 */
export const SNAPSHOT_EVERY_MS = 5_000;

export function createAlerting(deps: AlertingDeps): Alerting {
  const { config, clock, logger } = deps.ctx;
  const repo: AlertStore = deps.cluster?.store ?? openAlertRepository(deps.db, clock.now());
  const targets = targetPolicy(config.alerts.allowTargets);
  const notifier = new Notifier({
    policy: targets,
    publicUrl: config.ui.publicUrl,
    clock,
    scheduler: deps.scheduler,
    logger,
    ...deps.notifier,
    initialStats: repo.loadDeliveries(),
    onStats: (ruleId, stats) => {
      try {
        repo.saveDelivery(ruleId, stats);
      } catch (err) {
        logger.warn({ err }, 'alert delivery counts could not be saved');
      }
    },
  });

  const io = deps.io;
  // Changes reach every node's dashboards (through the cluster's Socket.IO adapter on a cluster
  // node); a snapshot is this node's view, sent to its own sockets only.
  const emit: AlertEmitter | undefined = io && {
    state: (event) => io.emit('alert:state', event),
    snapshot: (snapshot) => io.local.emit('alerts:snapshot', snapshot),
    removed: (event) => io.emit('alert:removed', event),
  };

  const service = new AlertService({
    repo,
    clock,
    logger,
    sources: deps.sources,
    notifier,
    targets,
    emit,
    retentionMs: config.aggregation.retentionDays * DAY_MS,
    ...(deps.retentionNow && { retentionNow: deps.retentionNow }),
    clustered: deps.cluster !== undefined,
  });
  const cluster = deps.cluster?.evaluation({ service, notifier });

  const onConnection = (socket: {
    emit: (ev: 'alerts:snapshot', s: ReturnType<AlertService['snapshot']>) => void;
  }) => {
    socket.emit('alerts:snapshot', service.snapshot());
  };
  io?.on('connection', onConnection);

  let lastSnapshot = -Infinity;
  let lastResend = -Infinity;
  let closed = false;

  return {
    router: alertsRouter(service, deps.ctx.access),
    service,
    notifier,
    cluster,
    evaluate(now) {
      if (closed) return [];
      let transitions: AlertTransition[] = [];
      if (cluster) cluster.tick(now);
      else transitions = service.evaluate(now);
      if ((!cluster || cluster.isLeader) && now - lastResend >= ALERTMANAGER_RESEND_MS) {
        lastResend = now;
        resendFiring(service, notifier, now);
      }
      if (io && now - lastSnapshot >= SNAPSHOT_EVERY_MS) {
        lastSnapshot = now;
        io.local.emit('alerts:snapshot', service.snapshot());
      }
      return transitions;
    },
    async close() {
      if (closed) return;
      closed = true;
      io?.off('connection', onConnection);
      // States and transitions the database refused at the last evaluation get a last try.
      if (cluster) await cluster.close();
      else service.saveUnsaved();
      await notifier.close();
    },
  };
}

/** The alerts' tables in the SQLite file, migrated. */
export function openAlertRepository(db: Database, now: number): AlertRepository {
  runMigrations(db, [ALERT_MIGRATIONS], now);
  return new AlertRepository(db);
}

/** Alertmanager forgets an alert it is not told again about: every firing one is sent again. */
function resendFiring(service: AlertService, notifier: Notifier, now: number): void {
  for (const { rule, state } of service.list()) {
    if (state.state !== 'firing' || !rule.notify.some(isAlertmanager)) continue;
    const since = state.firingSince ?? state.since;
    // The firing notification itself went out less than a resend interval ago.
    if (now - since < ALERTMANAGER_RESEND_MS) continue;
    notifier.enqueue(
      rule,
      {
        kind: 'alert',
        status: 'firing',
        rule,
        value: state.value,
        threshold: state.threshold,
        from: 'firing',
        at: since,
        reason: 'still firing',
        sentAt: now,
      },
      isAlertmanager,
    );
  }
}

const isAlertmanager = (target: NotifyTarget): boolean => target.type === 'alertmanager';
