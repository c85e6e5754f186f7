import type { Database, Statement } from 'better-sqlite3';
import type { MigrationSet } from '../store/migrations.js';
import type {
  AlertAck,
  AlertMetric,
  AlertRule,
  AlertScope,
  AlertState,
  AlertStateName,
  AlertTransition,
  MetricUnit,
  Silence,
  TargetDeliveryStats,
} from '@sipwatch/wire';

/**
 * The alerts' tables, in the same SQLite file as the rollups (registered with the store's
 * migrations as module "alerts"). Rules and states are kept as JSON documents: they are read
 * whole, few, and their shape is validated by the wire schemas on the way in.
 */
export const ALERT_MIGRATIONS: MigrationSet = {
  module: 'alerts',
  migrations: [
    {
      version: 1,
      name: 'alert rules, states, history, silences, acks, delivery counts',
      up: `
        CREATE TABLE alert_rules (
          id TEXT PRIMARY KEY,
          name TEXT NOT NULL UNIQUE,
          spec TEXT NOT NULL,
          created_at INTEGER NOT NULL,
          updated_at INTEGER NOT NULL
        );
        CREATE TABLE alert_states (rule_id TEXT PRIMARY KEY, state TEXT NOT NULL) WITHOUT ROWID;
        CREATE TABLE alert_history (
          id INTEGER PRIMARY KEY AUTOINCREMENT,
          rule_id TEXT NOT NULL,
          rule_name TEXT NOT NULL,
          severity TEXT NOT NULL,
          from_state TEXT NOT NULL,
          to_state TEXT NOT NULL,
          value REAL,
          threshold REAL NOT NULL,
          at INTEGER NOT NULL,
          reason TEXT NOT NULL
        );
        CREATE INDEX alert_history_at ON alert_history (at);
        CREATE INDEX alert_history_rule ON alert_history (rule_id, at);
        CREATE TABLE alert_silences (
          id TEXT PRIMARY KEY,
          rule_id TEXT,
          scope TEXT,
          until INTEGER NOT NULL,
          comment TEXT NOT NULL,
          created_at INTEGER NOT NULL,
          created_by TEXT NOT NULL
        );
        CREATE TABLE alert_acks (
          id INTEGER PRIMARY KEY AUTOINCREMENT,
          rule_id TEXT NOT NULL,
          by TEXT NOT NULL,
          note TEXT NOT NULL,
          at INTEGER NOT NULL
        );
        CREATE INDEX alert_acks_rule ON alert_acks (rule_id, at);
        CREATE TABLE alert_delivery (
          rule_id TEXT NOT NULL,
          target_key TEXT NOT NULL,
          stats TEXT NOT NULL,
          PRIMARY KEY (rule_id, target_key)
        ) WITHOUT ROWID;
      `,
    },
    {
      version: 2,
      name: 'alert history keeps the metric and its unit',
      // Rows from before stay null: their rule may be gone, so nothing reliable can fill them in.
      up: `
        ALTER TABLE alert_history ADD COLUMN metric TEXT;
        ALTER TABLE alert_history ADD COLUMN unit TEXT;
      `,
    },
  ],
};

export interface HistoryQuery {
  ruleId?: string | undefined;
  /** Transitions into this state. */
  state?: AlertStateName | undefined;
  from?: number | undefined;
  to?: number | undefined;
  /** Only ids below this one (the page cursor). */
  beforeId?: number | undefined;
  limit: number;
}

interface RuleRow {
  id: string;
  spec: string;
  created_at: number;
  updated_at: number;
}

/** A history row, in SQLite or PostgreSQL (where ids and times come back as strings). */
export interface HistoryRow {
  id: number | string;
  rule_id: string;
  rule_name: string;
  severity: AlertTransition['severity'];
  from_state: AlertStateName;
  to_state: AlertStateName;
  metric: AlertMetric | null;
  unit: MetricUnit | null;
  value: number | null;
  threshold: number;
  at: number;
  reason: string;
}

/** A silence row; `scope` is JSON text in SQLite, already parsed from jsonb in PostgreSQL. */
export interface SilenceRow {
  id: string;
  rule_id: string | null;
  scope: string | AlertScope | null;
  until: number | string;
  comment: string;
  created_at: number | string;
  created_by: string;
}

export type NewTransition = Omit<AlertTransition, 'id'>;

/**
 * Where the alerts keep rules, states, history, silences and acks: this file's SQLite tables, or
 * PostgreSQL on a cluster node (cluster/alert-store.ts). Writes are synchronous calls; a store
 * that writes later says when they are durable through `settled` (see AlertService.durable).
 */
export interface AlertStore {
  transaction<T>(fn: () => T): T;
  listRules(): AlertRule[];
  saveRule(rule: AlertRule): void;
  deleteRule(id: string): boolean;
  loadStates(): Map<string, AlertState>;
  saveStates(states: readonly AlertState[]): void;
  appendTransitions(rows: readonly NewTransition[]): AlertTransition[];
  history(q: HistoryQuery): AlertTransition[] | Promise<AlertTransition[]>;
  prune(before: number): number;
  addSilence(s: Silence): void;
  activeSilences(at: number): Silence[];
  deleteSilence(id: string): boolean;
  addAck(ruleId: string, ack: AlertAck): void;
  saveDelivery(ruleId: string, stats: TargetDeliveryStats): void;
  loadDeliveries(): { ruleId: string; stats: TargetDeliveryStats }[];
  /** Resolves when every write so far is durable, with the error of one that failed since the last call. */
  settled?(): Promise<Error | undefined>;
}

export class AlertRepository implements AlertStore {
  private readonly s: {
    rules: Statement<[], RuleRow>;
    rule: Statement<[string], RuleRow>;
    upsertRule: Statement<[string, string, string, number, number]>;
    deleteRule: Statement<[string]>;
    states: Statement<[], { state: string }>;
    saveState: Statement<[string, string]>;
    deleteState: Statement<[string]>;
    addTransition: Statement<unknown[]>;
    addSilence: Statement<unknown[]>;
    silences: Statement<[number], SilenceRow>;
    deleteSilence: Statement<[string]>;
    deleteRuleSilences: Statement<[string]>;
    addAck: Statement<[string, string, string, number]>;
    saveDelivery: Statement<[string, string, string]>;
    deliveries: Statement<[], { rule_id: string; stats: string }>;
    deleteDeliveries: Statement<[string]>;
  };

  constructor(private readonly db: Database) {
    this.s = {
      rules: db.prepare('SELECT id, spec, created_at, updated_at FROM alert_rules ORDER BY created_at, id'),
      rule: db.prepare('SELECT id, spec, created_at, updated_at FROM alert_rules WHERE id = ?'),
      upsertRule: db.prepare(
        `INSERT INTO alert_rules (id, name, spec, created_at, updated_at) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (id) DO UPDATE SET name = excluded.name, spec = excluded.spec, updated_at = excluded.updated_at`,
      ),
      deleteRule: db.prepare('DELETE FROM alert_rules WHERE id = ?'),
      states: db.prepare('SELECT state FROM alert_states'),
      saveState: db.prepare('INSERT OR REPLACE INTO alert_states (rule_id, state) VALUES (?, ?)'),
      deleteState: db.prepare('DELETE FROM alert_states WHERE rule_id = ?'),
      addTransition: db.prepare(
        `INSERT INTO alert_history
           (rule_id, rule_name, severity, from_state, to_state, metric, unit, value, threshold, at, reason)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ),
      addSilence: db.prepare(
        `INSERT INTO alert_silences (id, rule_id, scope, until, comment, created_at, created_by)
         VALUES (?, ?, ?, ?, ?, ?, ?)`,
      ),
      silences: db.prepare('SELECT * FROM alert_silences WHERE until > ? ORDER BY until, id'),
      deleteSilence: db.prepare('DELETE FROM alert_silences WHERE id = ?'),
      deleteRuleSilences: db.prepare('DELETE FROM alert_silences WHERE rule_id = ?'),
      addAck: db.prepare('INSERT INTO alert_acks (rule_id, by, note, at) VALUES (?, ?, ?, ?)'),
      saveDelivery: db.prepare(
        'INSERT OR REPLACE INTO alert_delivery (rule_id, target_key, stats) VALUES (?, ?, ?)',
      ),
      deliveries: db.prepare('SELECT rule_id, stats FROM alert_delivery'),
      deleteDeliveries: db.prepare('DELETE FROM alert_delivery WHERE rule_id = ?'),
    };
  }

  /** Runs fn in one transaction (nested calls join the outer one). */
  transaction<T>(fn: () => T): T {
    return this.db.transaction(fn)();
  }

  listRules(): AlertRule[] {
    return this.s.rules.all().map(toRule);
  }

  getRule(id: string): AlertRule | undefined {
    const row = this.s.rule.get(id);
    return row ? toRule(row) : undefined;
  }

  /** Inserts or replaces a rule (names are unique: a clash throws SQLITE_CONSTRAINT_UNIQUE). */
  saveRule(rule: AlertRule): void {
    const { id, createdAt, updatedAt, ...spec } = rule;
    this.s.upsertRule.run(id, rule.name, JSON.stringify(spec), createdAt, updatedAt);
  }

  /** Deletes a rule with its state, silences and delivery counts; its history stays. */
  deleteRule(id: string): boolean {
    return this.transaction(() => {
      const { changes } = this.s.deleteRule.run(id);
      this.s.deleteState.run(id);
      this.s.deleteRuleSilences.run(id);
      this.s.deleteDeliveries.run(id);
      return changes > 0;
    });
  }

  loadStates(): Map<string, AlertState> {
    const out = new Map<string, AlertState>();
    for (const row of this.s.states.all()) {
      const state = JSON.parse(row.state) as AlertState;
      out.set(state.ruleId, state);
    }
    return out;
  }

  saveStates(states: readonly AlertState[]): void {
    if (states.length === 0) return;
    this.transaction(() => {
      for (const st of states) this.s.saveState.run(st.ruleId, JSON.stringify(st));
    });
  }

  appendTransitions(rows: readonly NewTransition[]): AlertTransition[] {
    return this.transaction(() =>
      rows.map((t) => {
        const { lastInsertRowid } = this.s.addTransition.run(...transitionValues(t));
        return { ...t, id: Number(lastInsertRowid) };
      }),
    );
  }

  /** Newest first. */
  history(q: HistoryQuery): AlertTransition[] {
    const where: string[] = [];
    const args: (string | number)[] = [];
    const add = (clause: string, value: string | number | undefined): void => {
      if (value === undefined) return;
      where.push(clause);
      args.push(value);
    };
    add('rule_id = ?', q.ruleId);
    add('to_state = ?', q.state);
    add('at >= ?', q.from);
    add('at < ?', q.to);
    add('id < ?', q.beforeId);
    const sql = `SELECT * FROM alert_history ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
      ORDER BY at DESC, id DESC LIMIT ?`;
    return this.db
      .prepare<unknown[], HistoryRow>(sql)
      .all(...args, q.limit)
      .map(transitionOfRow);
  }

  /** Retention: drops history, acks and ended silences older than `before`. */
  prune(before: number): number {
    return this.transaction(() => {
      const h = this.db.prepare('DELETE FROM alert_history WHERE at < ?').run(before).changes;
      this.db.prepare('DELETE FROM alert_acks WHERE at < ?').run(before);
      this.db.prepare('DELETE FROM alert_silences WHERE until < ?').run(before);
      return h;
    });
  }

  addSilence(s: Silence): void {
    this.s.addSilence.run(...silenceValues(s));
  }

  /** Silences that have not ended at `at`. */
  activeSilences(at: number): Silence[] {
    return this.s.silences.all(at).map(silenceOfRow);
  }

  deleteSilence(id: string): boolean {
    return this.s.deleteSilence.run(id).changes > 0;
  }

  addAck(ruleId: string, ack: AlertAck): void {
    this.s.addAck.run(ruleId, ack.by, ack.note, ack.at);
  }

  saveDelivery(ruleId: string, stats: TargetDeliveryStats): void {
    this.s.saveDelivery.run(ruleId, stats.key, JSON.stringify(stats));
  }

  loadDeliveries(): { ruleId: string; stats: TargetDeliveryStats }[] {
    return this.s.deliveries
      .all()
      .map((r) => ({ ruleId: r.rule_id, stats: JSON.parse(r.stats) as TargetDeliveryStats }));
  }
}

function toRule(row: RuleRow): AlertRule {
  return {
    id: row.id,
    ...(JSON.parse(row.spec) as Omit<AlertRule, 'id' | 'createdAt' | 'updatedAt'>),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** A transition's values in the history's column order (rule_id … reason). */
export function transitionValues(t: NewTransition): unknown[] {
  return [
    t.ruleId,
    t.ruleName,
    t.severity,
    t.from,
    t.to,
    t.metric,
    t.unit,
    t.value,
    t.threshold,
    t.at,
    t.reason,
  ];
}

export function transitionOfRow(r: HistoryRow): AlertTransition {
  return {
    id: Number(r.id),
    ruleId: r.rule_id,
    ruleName: r.rule_name,
    severity: r.severity,
    from: r.from_state,
    to: r.to_state,
    metric: r.metric,
    unit: r.unit,
    value: r.value,
    threshold: r.threshold,
    at: Number(r.at),
    reason: r.reason,
  };
}

/** A silence's values in the table's column order (id … created_by), its scope as JSON text. */
export function silenceValues(s: Silence): unknown[] {
  return [
    s.id,
    s.ruleId,
    s.scope === null ? null : JSON.stringify(s.scope),
    s.until,
    s.comment,
    s.createdAt,
    s.createdBy,
  ];
}

export function silenceOfRow(r: SilenceRow): Silence {
  return {
    id: r.id,
    ruleId: r.rule_id,
    scope: typeof r.scope === 'string' ? (JSON.parse(r.scope) as AlertScope) : r.scope,
    until: Number(r.until),
    comment: r.comment,
    createdAt: Number(r.created_at),
    createdBy: r.created_by,
  };
}
