import type pg from 'pg';
import type { AlertRole } from '@sipwatch/wire';
import type { AlertRule, AlertState, AlertTransition, Silence } from '@sipwatch/wire';
import type { HistoryQuery, HistoryRow, NewTransition, SilenceRow } from '../alerts/repository.js';
import { silenceOfRow, transitionOfRow, transitionValues } from '../alerts/repository.js';

/**
 * The alerts' tables in PostgreSQL (schema.ts, migration 2): the reads and writes the cluster's
 * alert store and alert leader share. bigint columns come back as strings; they hold epoch ms and
 * ids, well inside a double.
 */

export type Queryable = Pick<pg.ClientBase, 'query'>;

/** Everything a node caches: rules, their states, the silences not ended at `now`. */
export interface AlertSnapshot {
  rules: AlertRule[];
  states: Map<string, AlertState>;
  silences: Silence[];
}

interface RuleRow {
  id: string;
  spec: Omit<AlertRule, 'id' | 'createdAt' | 'updatedAt'>;
  created_at: string;
  updated_at: string;
}

/** `lockStates`: the states are read FOR UPDATE (the leader's evaluation, in its transaction). */
export async function readSnapshot(db: Queryable, now: number, lockStates = false): Promise<AlertSnapshot> {
  const rules = await db.query<RuleRow>(
    'SELECT id, spec, created_at, updated_at FROM cluster_alert_rules ORDER BY created_at, id',
  );
  const states = await db.query<{ state: AlertState }>(
    `SELECT state FROM cluster_alert_states ORDER BY rule_id${lockStates ? ' FOR UPDATE' : ''}`,
  );
  const silences = await db.query<SilenceRow>(
    'SELECT * FROM cluster_alert_silences WHERE until > $1 ORDER BY until, id',
    [now],
  );
  return {
    rules: rules.rows.map((r) => ({
      id: r.id,
      ...r.spec,
      createdAt: Number(r.created_at),
      updatedAt: Number(r.updated_at),
    })),
    states: new Map(states.rows.map((r) => [r.state.ruleId, r.state])),
    silences: silences.rows.map(silenceOfRow),
  };
}

export async function upsertRule(db: Queryable, rule: AlertRule): Promise<void> {
  const { id, createdAt, updatedAt, ...spec } = rule;
  await db.query(
    `INSERT INTO cluster_alert_rules (id, name, spec, created_at, updated_at) VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (id) DO UPDATE SET name = excluded.name, spec = excluded.spec, updated_at = excluded.updated_at`,
    [id, rule.name, JSON.stringify(spec), createdAt, updatedAt],
  );
}

/** `replace`: the leader's states replace the stored ones; otherwise only new rules' states go in. */
export async function writeStates(
  db: Queryable,
  states: readonly AlertState[],
  replace: boolean,
): Promise<void> {
  if (states.length === 0) return;
  await db.query(
    `INSERT INTO cluster_alert_states (rule_id, state)
     SELECT s->>'ruleId', s FROM jsonb_array_elements($1::jsonb) AS s
     ON CONFLICT (rule_id) DO ${replace ? 'UPDATE SET state = excluded.state' : 'NOTHING'}`,
    [JSON.stringify(states)],
  );
}

/** Appends transitions; they get their ids, in order. */
export async function appendHistory(
  db: Queryable,
  rows: readonly NewTransition[],
  nodeId: string,
): Promise<AlertTransition[]> {
  const out: AlertTransition[] = [];
  for (const t of rows) {
    const { rows: ids } = await db.query<{ id: string }>(
      `INSERT INTO cluster_alert_history
         (rule_id, rule_name, severity, from_state, to_state, metric, unit, value, threshold, at, reason, node_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING id`,
      [...transitionValues(t), nodeId],
    );
    out.push({ ...t, id: Number(ids[0]!.id) });
  }
  return out;
}

/** Newest first, as the SQLite repository answers. */
export async function readHistory(db: Queryable, q: HistoryQuery): Promise<AlertTransition[]> {
  const where: string[] = [];
  const args: (string | number)[] = [];
  const add = (column: string, op: string, value: string | number | undefined): void => {
    if (value === undefined) return;
    args.push(value);
    where.push(`${column} ${op} $${args.length}`);
  };
  add('rule_id', '=', q.ruleId);
  add('to_state', '=', q.state);
  add('at', '>=', q.from);
  add('at', '<', q.to);
  add('id', '<', q.beforeId);
  args.push(q.limit);
  const { rows } = await db.query<HistoryRow>(
    `SELECT * FROM cluster_alert_history ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
     ORDER BY at DESC, id DESC LIMIT $${args.length}`,
    args,
  );
  return rows.map(transitionOfRow);
}

/** Retention: history (with its outbox rows), acks and ended silences older than `before`. */
export async function pruneAlerts(db: Queryable, before: number): Promise<void> {
  await db.query('DELETE FROM cluster_alert_history WHERE at < $1', [before]);
  await db.query('DELETE FROM cluster_alert_acks WHERE at < $1', [before]);
  await db.query('DELETE FROM cluster_alert_silences WHERE until < $1', [before]);
}

/** Told to every node (LISTEN) when a commit changed rules, states, silences or acks. */
export const ALERTS_CHANNEL = 'sipwatch_alerts';

/**
 * Every boot's part in alerting: the boot holding the alert lock (as the holder recorded itself,
 * checked against pg_locks), the others by whether they may lead and their alert session is up.
 */
export async function alertRoles(db: Queryable, lock: number): Promise<Map<string, AlertRole>> {
  const { rows } = await db.query<{ boot_id: string; role: AlertRole }>(
    `SELECT b.boot_id,
       CASE WHEN l.pid IS NOT NULL THEN 'leader'
            WHEN b.alert_pid IS NULL OR NOT EXISTS (SELECT 1 FROM pg_stat_activity a WHERE a.pid = b.alert_pid) THEN 'down'
            WHEN b.alerts THEN 'standby'
            ELSE 'off' END AS role
     FROM cluster_boots b
     LEFT JOIN cluster_alert_leader r ON r.lock = $1 AND r.boot_id = b.boot_id
     LEFT JOIN pg_locks l ON l.pid = r.pid AND l.locktype = 'advisory' AND l.classid = 0
       AND l.objid = r.lock AND l.objsubid = 1 AND l.granted`,
    [lock],
  );
  return new Map(rows.map((r) => [r.boot_id, r.role]));
}
