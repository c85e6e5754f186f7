import pg from 'pg';
import { HOUR_MS } from '@sipwatch/wire';
import type { AlertTransition } from '@sipwatch/wire';
import type { Clock } from '../clock.js';
import type { Logger } from '../logger.js';
import type { AlertService } from '../alerts/alert-service.js';
import type { Draft } from '../alerts/evaluator.js';
import { rowsOf } from '../alerts/evaluator.js';
import type { Notifier } from '../alerts/notifier.js';
import type { AlertNotification } from '../alerts/payload.js';
import type { ClusterAlertStore } from './alert-store.js';
import type { Queryable } from './alert-tables.js';
import { ALERTS_CHANNEL, appendHistory, pruneAlerts, readSnapshot, writeStates } from './alert-tables.js';
import { ALERT_LEADER_LOCK } from './schema.js';

export interface AlertLeaderDeps {
  url: string;
  nodeId: string;
  bootId: string;
  /** cluster.alerts: whether this node competes for the lead. */
  eligible: boolean;
  /** For outbox marks and the boot's role; the session below is a client of its own. */
  pool: pg.Pool;
  clock: Clock;
  logger: Logger;
  store: ClusterAlertStore;
  service: AlertService;
  notifier: Notifier;
  retentionMs: number;
  retentionNow?: (() => number) | undefined;
}

const CONNECT_TIMEOUT_MS = 5000;
const QUERY_TIMEOUT_MS = 15_000;
const OUTBOX_BATCH = 100;

/**
 * One alert evaluator for the cluster. Every node keeps a session of its own to PostgreSQL (its own
 * `pg` client, `sipwatch <node> alerts`) that LISTENs for alert changes, so its cache and
 * dashboards follow what other nodes wrote. Eligible nodes try, at every tick, to take a
 * session-level advisory lock on it; the holder is the leader and the only one that evaluates.
 *
 * An evaluation is one transaction on that same session: it checks the lock is still held by this
 * backend (a deposed leader commits nothing), reads rules, states (FOR UPDATE, so an ack from
 * another node lands before or after, never lost) and silences, steps every rule (the pure state
 * machine, through the evaluator), writes the states, the transitions and one outbox row per
 * notification, and NOTIFYs. After the commit it tells the dashboards and sends the outbox rows
 * that are not sent yet (its own, and any a dead leader left), marking each once every target has
 * been sent to or given up on. The session dying (the node killed, its backend terminated) frees
 * the lock; the next eligible node to tick takes it and goes on from the stored states.
 */
export class AlertLeader {
  private client: pg.Client | undefined;
  private leading = false;
  private running: Promise<void> | undefined;
  private nextTick: number | undefined;
  private reloadWanted = false;
  private lastPrune = -Infinity;
  private readonly delivering = new Set<number>();
  private connectFailed = false;
  private closed = false;

  constructor(private readonly deps: AlertLeaderDeps) {}

  /** Whether this node holds the alert lock (as far as it knows: the session is up). */
  get isLeader(): boolean {
    return this.leading;
  }

  /** The server's tick: try for the lead, and evaluate at `now` when holding it. */
  tick(now: number): void {
    this.nextTick = now;
    if (this.deps.store.takeStale()) this.reloadWanted = true;
    this.kick();
  }

  /** Resolves once nothing is running or waiting (tests, shutdown). */
  async settled(): Promise<void> {
    while (this.running) await this.running;
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.settled();
    const client = this.client;
    this.client = undefined;
    this.leading = false;
    // Ending the session frees the lock at once: a standby takes over at its next tick.
    await client?.end().catch(() => undefined);
  }

  private kick(): void {
    if (this.running || this.closed) return;
    this.running = this.drain().finally(() => {
      this.running = undefined;
    });
  }

  private async drain(): Promise<void> {
    while (!this.closed && (this.reloadWanted || this.nextTick !== undefined)) {
      try {
        if (this.reloadWanted) {
          this.reloadWanted = false;
          await this.reload();
        }
        const now = this.nextTick;
        this.nextTick = undefined;
        if (now !== undefined) await this.cycle(now);
      } catch (err) {
        this.deps.logger.warn({ err }, 'cluster alerting: a step failed; tried again at the next tick');
      }
    }
  }

  private async reload(): Promise<void> {
    const now = this.deps.clock.now();
    const snap = await this.deps.store.reload(now);
    this.deps.service.reload(snap.rules, snap.states, snap.silences);
  }

  private async cycle(now: number): Promise<void> {
    const client = await this.session();
    if (!client) return;
    if (!this.leading && this.deps.eligible) await this.tryLead(client, now);
    if (!this.leading) return;
    const outcome = await this.evaluate(client, now);
    if (outcome) this.deps.service.parts.evaluator.announce(outcome.drafts, outcome.saved);
    await this.deliver(client);
  }

  private async session(): Promise<pg.Client | undefined> {
    if (this.client) return this.client;
    const { url, nodeId, bootId, eligible, logger } = this.deps;
    const client = new pg.Client({
      connectionString: url,
      application_name: `sipwatch ${nodeId} alerts`,
      connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
      // A PostgreSQL that stops answering must not hold the evaluation forever.
      query_timeout: QUERY_TIMEOUT_MS,
    });
    client.on('error', (err) => this.lost(client, err));
    client.on('end', () => this.lost(client));
    client.on('notification', () => {
      this.reloadWanted = true;
      this.kick();
    });
    try {
      await client.connect();
      await client.query(`LISTEN ${ALERTS_CHANNEL}`);
      await client.query(
        'UPDATE cluster_boots SET alerts = $3, alert_pid = pg_backend_pid() WHERE node_id = $1 AND boot_id = $2',
        [nodeId, bootId, eligible],
      );
    } catch (err) {
      if (!this.connectFailed) logger.warn({ err }, 'cluster alerting: cannot open the alert session yet');
      this.connectFailed = true;
      await client.end().catch(() => undefined);
      return undefined;
    }
    this.connectFailed = false;
    this.client = client;
    // Whatever changed while this node was not listening.
    this.reloadWanted = true;
    return client;
  }

  private lost(client: pg.Client, err?: Error): void {
    if (this.client !== client) return;
    this.client = undefined;
    if (this.leading)
      this.deps.logger.warn({ err }, 'cluster alerting: the alert session was lost, and with it the lead');
    this.leading = false;
    void client.end().catch(() => undefined);
  }

  private async tryLead(client: pg.Client, now: number): Promise<void> {
    const { rows } = await client.query<{ got: boolean }>('SELECT pg_try_advisory_lock($1) AS got', [
      ALERT_LEADER_LOCK,
    ]);
    if (!rows[0]?.got) return;
    await client.query(
      `INSERT INTO cluster_alert_leader (lock, node_id, boot_id, pid, since)
       VALUES ($1, $2, $3, pg_backend_pid(), $4)
       ON CONFLICT (lock) DO UPDATE SET node_id = excluded.node_id, boot_id = excluded.boot_id,
         pid = excluded.pid, since = excluded.since`,
      [ALERT_LEADER_LOCK, this.deps.nodeId, this.deps.bootId, now],
    );
    this.leading = true;
    this.deps.logger.info({ nodeId: this.deps.nodeId }, 'cluster alerting: this node took the alert lead');
  }

  /** One evaluation in one transaction that first checks the lock is still held. */
  private async evaluate(
    client: pg.Client,
    now: number,
  ): Promise<{ drafts: Draft[]; saved: AlertTransition[] } | undefined> {
    // This node's own rule writes first, or the read below would not see them yet.
    await this.deps.store.idle();
    const { cache, evaluator } = this.deps.service.parts;
    await client.query('BEGIN');
    try {
      if (!(await holdsLock(client))) {
        await client.query('ROLLBACK');
        this.leading = false;
        this.deps.logger.warn('cluster alerting: the alert lock is no longer held; not evaluating');
        return undefined;
      }
      const stored = await readSnapshot(client, now, true);
      cache.replaceAll(stored.rules, stored.states, stored.silences, now);
      const { dirty, drafts } = evaluator.stepAll(now);
      // Every state, as the leader holds it (value and evaluatedAt too): the next leader starts from it.
      await writeStates(client, [...cache.states.values()], true);
      const saved = await appendHistory(client, rowsOf(drafts), this.deps.nodeId);
      for (let i = 0; i < drafts.length; i++) {
        const notification = evaluator.notificationOf(drafts[i]!, saved[i]!.id);
        if (notification)
          await client.query(
            'INSERT INTO cluster_alert_outbox (transition_id, notification, created_at) VALUES ($1, $2, $3)',
            [saved[i]!.id, JSON.stringify(notification), now],
          );
      }
      if (now - this.lastPrune >= HOUR_MS) {
        await pruneAlerts(client, (this.deps.retentionNow?.() ?? now) - this.deps.retentionMs);
        this.lastPrune = now;
      }
      // Other nodes reload only for what their views show: states and transitions, not every value.
      if (dirty.length > 0 || drafts.length > 0) await client.query(`NOTIFY ${ALERTS_CHANNEL}`);
      await client.query('COMMIT');
      return { drafts, saved };
    } catch (err) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw err;
    }
  }

  /** Sends every outbox row not sent yet and not already on its way from this node. */
  private async deliver(db: Queryable): Promise<void> {
    const { rows } = await db.query<{ transition_id: string; notification: AlertNotification }>(
      `SELECT transition_id, notification FROM cluster_alert_outbox WHERE sent_at IS NULL
       ORDER BY transition_id LIMIT ${OUTBOX_BATCH}`,
    );
    for (const row of rows) {
      const id = Number(row.transition_id);
      if (this.delivering.has(id)) continue;
      this.delivering.add(id);
      const n = row.notification;
      this.deps.notifier.enqueue(n.rule, n, undefined, () => void this.markSent(id));
    }
  }

  private async markSent(id: number): Promise<void> {
    try {
      await this.deps.pool.query(
        'UPDATE cluster_alert_outbox SET sent_at = $2, sent_by = $3 WHERE transition_id = $1',
        [id, this.deps.clock.now(), this.deps.nodeId],
      );
    } catch (err) {
      // Sent again by the next delivery, with the same idempotency key.
      this.deps.logger.warn(
        { err, transition: id },
        'cluster alerting: a sent notification could not be marked',
      );
    } finally {
      this.delivering.delete(id);
    }
  }
}

/** Whether this session's backend holds the alert lock (a single bigint key: classid 0, objsubid 1). */
async function holdsLock(db: Queryable): Promise<boolean> {
  const { rows } = await db.query<{ held: boolean }>(
    `SELECT EXISTS (SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND classid = 0 AND objid = $1
       AND objsubid = 1 AND pid = pg_backend_pid() AND granted) AS held`,
    [ALERT_LEADER_LOCK],
  );
  return rows[0]?.held === true;
}
