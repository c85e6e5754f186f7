import type pg from 'pg';
import type {
  AlertAck,
  AlertRule,
  AlertState,
  AlertTransition,
  Silence,
  TargetDeliveryStats,
} from '@sipwatch/wire';
import type { AlertStore, HistoryQuery, NewTransition } from '../alerts/repository.js';
import { silenceValues } from '../alerts/repository.js';
import type { AlertSnapshot, Queryable } from './alert-tables.js';
import {
  ALERTS_CHANNEL,
  pruneAlerts,
  readHistory,
  readSnapshot,
  upsertRule,
  writeStates,
} from './alert-tables.js';

type Write = (db: Queryable) => Promise<void>;

/**
 * The alerts' store on a cluster node: rules, silences and acks in PostgreSQL, so a rule made on
 * one node is evaluated by the leader on another. The service's calls are synchronous: each write
 * is applied to the snapshot at once and queued; the queue commits one transaction at a time, in
 * order (a `transaction` is one), each ending with a NOTIFY that has every node reload. The routes
 * answer once `settled` says PostgreSQL has them.
 *
 * States are the alert leader's to write (alert-leader.ts): here only a new rule's first state
 * goes in, and an ack sets the `ack` of a state that is still firing, in PostgreSQL, so it lands
 * on whatever the leader committed last. Delivery counts are this node's own (the local SQLite).
 */
export class ClusterAlertStore implements AlertStore {
  private batch: Write[] | undefined;
  private chain: Promise<void> = Promise.resolve();
  private failure: Error | undefined;
  private writing = 0;
  /** A write failed: the cache holds a change PostgreSQL does not (see takeStale). */
  private stale = false;

  private constructor(
    private readonly pool: pg.Pool,
    private readonly local: Pick<AlertStore, 'saveDelivery' | 'loadDeliveries'>,
    private snapshot: AlertSnapshot,
  ) {}

  static async open(
    pool: pg.Pool,
    local: Pick<AlertStore, 'saveDelivery' | 'loadDeliveries'>,
    now: number,
  ): Promise<ClusterAlertStore> {
    return new ClusterAlertStore(pool, local, await readSnapshot(pool, now));
  }

  /** Reads everything again (another node changed it), once this node's own writes are in. */
  async reload(now: number): Promise<AlertSnapshot> {
    await this.chain;
    this.snapshot = await readSnapshot(this.pool, now);
    return this.snapshot;
  }

  /** Whether writes of this node wait to be committed. */
  get busy(): boolean {
    return this.writing > 0;
  }

  /** Whether a write failed since the last call: the node's cache should be read again. */
  takeStale(): boolean {
    const was = this.stale;
    this.stale = false;
    return was;
  }

  /** Resolves once this node's writes so far are committed (or failed). */
  idle(): Promise<void> {
    return this.chain;
  }

  async settled(): Promise<Error | undefined> {
    await this.chain;
    const err = this.failure;
    this.failure = undefined;
    return err;
  }

  transaction<T>(fn: () => T): T {
    if (this.batch) return fn();
    this.batch = [];
    let writes: Write[];
    try {
      const out = fn();
      writes = this.batch;
      this.commit(writes);
      return out;
    } finally {
      this.batch = undefined;
    }
  }

  listRules(): AlertRule[] {
    return this.snapshot.rules;
  }

  saveRule(rule: AlertRule): void {
    this.write((db) => upsertRule(db, rule));
  }

  deleteRule(id: string): boolean {
    this.write(async (db) => {
      await db.query('DELETE FROM cluster_alert_rules WHERE id = $1', [id]);
      await db.query('DELETE FROM cluster_alert_states WHERE rule_id = $1', [id]);
      await db.query('DELETE FROM cluster_alert_silences WHERE rule_id = $1', [id]);
    });
    return true;
  }

  loadStates(): Map<string, AlertState> {
    return this.snapshot.states;
  }

  saveStates(states: readonly AlertState[]): void {
    const copy = [...states];
    if (copy.length > 0) this.write((db) => writeStates(db, copy, false));
  }

  appendTransitions(_rows: readonly NewTransition[]): AlertTransition[] {
    throw new Error('on a cluster node, transitions are recorded by the alert leader');
  }

  history(q: HistoryQuery): Promise<AlertTransition[]> {
    return readHistory(this.pool, q);
  }

  prune(before: number): number {
    this.write((db) => pruneAlerts(db, before));
    return 0;
  }

  addSilence(s: Silence): void {
    this.snapshot.silences.push(s);
    this.write(async (db) => {
      await db.query(
        `INSERT INTO cluster_alert_silences (id, rule_id, scope, until, comment, created_at, created_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7)`,
        silenceValues(s),
      );
    });
  }

  activeSilences(at: number): Silence[] {
    return this.snapshot.silences.filter((s) => s.until > at);
  }

  deleteSilence(id: string): boolean {
    const known = this.snapshot.silences.some((s) => s.id === id);
    this.snapshot.silences = this.snapshot.silences.filter((s) => s.id !== id);
    if (known)
      this.write(
        async (db) => void (await db.query('DELETE FROM cluster_alert_silences WHERE id = $1', [id])),
      );
    return known;
  }

  addAck(ruleId: string, ack: AlertAck): void {
    this.write(async (db) => {
      await db.query('INSERT INTO cluster_alert_acks (rule_id, by, note, at) VALUES ($1, $2, $3, $4)', [
        ruleId,
        ack.by,
        ack.note,
        ack.at,
      ]);
      await db.query(
        `UPDATE cluster_alert_states SET state = jsonb_set(state, '{ack}', $2::jsonb)
         WHERE rule_id = $1 AND state->>'state' = 'firing'`,
        [ruleId, JSON.stringify(ack)],
      );
    });
  }

  saveDelivery(ruleId: string, stats: TargetDeliveryStats): void {
    this.local.saveDelivery(ruleId, stats);
  }

  loadDeliveries(): { ruleId: string; stats: TargetDeliveryStats }[] {
    return this.local.loadDeliveries();
  }

  private write(w: Write): void {
    if (this.batch) this.batch.push(w);
    else this.commit([w]);
  }

  private commit(writes: Write[]): void {
    if (writes.length === 0) return;
    this.writing += 1;
    this.chain = this.chain.then(async () => {
      try {
        const client = await this.pool.connect();
        try {
          await client.query('BEGIN');
          for (const w of writes) await w(client);
          await client.query(`NOTIFY ${ALERTS_CHANNEL}`);
          await client.query('COMMIT');
        } catch (err) {
          await client.query('ROLLBACK').catch(() => undefined);
          throw err;
        } finally {
          client.release();
        }
      } catch (err) {
        this.failure = err as Error;
        this.stale = true;
      } finally {
        this.writing -= 1;
      }
    });
  }
}
