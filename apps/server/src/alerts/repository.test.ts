import { T0 } from '@sipwatch/testing';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import type { Database } from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runMigrations } from '../store/migrations.js';
import { AlertRuleSpecSchema } from '@sipwatch/wire';
import type { AlertRule } from '@sipwatch/wire';
import { ALERT_MIGRATIONS, AlertRepository } from './repository.js';
import type { NewTransition } from './repository.js';
import { initialState } from './state-machine.js';

let dir: string;
let file: string;
const open: Database[] = [];

beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'sipwatch-alerts-'));
  file = path.join(dir, 'sipwatch.db');
});
afterEach(() => {
  for (const db of open.splice(0)) if (db.open) db.close();
  rmSync(dir, { recursive: true, force: true });
});

function connect(): AlertRepository {
  const db = new BetterSqlite3(file);
  open.push(db);
  runMigrations(db, [ALERT_MIGRATIONS], T0);
  return new AlertRepository(db);
}

function reopen(): AlertRepository {
  for (const db of open.splice(0)) db.close();
  return connect();
}

const rule = (id: string, name: string): AlertRule => ({
  ...AlertRuleSpecSchema.parse({
    name,
    metric: 'code_rate',
    code: 503,
    threshold: 5,
    scope: { trunk: 'carrier-a' },
    notify: [{ type: 'webhook', url: 'http://127.0.0.1:9/hook', secret: 'a-long-shared-secret-123' }],
  }),
  id,
  createdAt: T0,
  updatedAt: T0,
});

const transition = (over: Partial<NewTransition>): NewTransition => ({
  ruleId: 'a',
  ruleName: 'A',
  severity: 'warning',
  from: 'ok',
  to: 'pending',
  metric: 'failure_rate',
  unit: 'fraction',
  value: 0.3,
  threshold: 0.2,
  at: T0,
  reason: 'condition met',
  ...over,
});

describe('AlertRepository on a SQLite file', () => {
  it('keeps rules, states, silences and delivery counts across a restart', () => {
    const repo = connect();
    const a = rule('a', 'A');
    repo.saveRule(a);
    repo.saveRule(rule('b', 'B'));
    const firing = {
      ...initialState('a', 5, T0),
      state: 'firing' as const,
      since: T0 + 1,
      firingSince: T0 + 1,
      value: 12,
    };
    repo.saveStates([firing]);
    repo.addSilence({
      id: 's1',
      ruleId: null,
      scope: { trunk: 'carrier-a' },
      until: T0 + 3_600_000,
      comment: 'maintenance',
      createdAt: T0,
      createdBy: 'admin',
    });
    repo.saveDelivery('a', {
      key: 'webhook-x',
      type: 'webhook',
      sent: 3,
      failed: 1,
      retried: 2,
      lastError: 'HTTP 500',
      lastAttemptAt: T0,
    });

    const again = reopen();
    expect(again.listRules()).toEqual([a, rule('b', 'B')]);
    expect(again.getRule('a')).toEqual(a);
    expect(again.loadStates().get('a')).toEqual(firing);
    expect(again.activeSilences(T0)).toEqual([
      expect.objectContaining({ id: 's1', scope: { trunk: 'carrier-a' } }),
    ]);
    expect(again.activeSilences(T0 + 3_600_000)).toEqual([]);
    expect(again.loadDeliveries()).toEqual([
      { ruleId: 'a', stats: expect.objectContaining({ sent: 3, failed: 1 }) },
    ]);
  });

  it('updates a rule in place and refuses a second rule with the same name', () => {
    const repo = connect();
    repo.saveRule(rule('a', 'A'));
    repo.saveRule({ ...rule('a', 'A renamed'), threshold: 9, updatedAt: T0 + 5 });
    expect(repo.listRules()).toEqual([
      expect.objectContaining({ id: 'a', name: 'A renamed', threshold: 9, createdAt: T0, updatedAt: T0 + 5 }),
    ]);
    expect(() => repo.saveRule(rule('b', 'A renamed'))).toThrow(/UNIQUE/);
  });

  it('deleting a rule drops its state and silences but keeps its history', () => {
    const repo = connect();
    repo.saveRule(rule('a', 'A'));
    repo.saveStates([initialState('a', 5, T0)]);
    repo.addSilence({
      id: 's1',
      ruleId: 'a',
      scope: null,
      until: T0 + 1000,
      comment: '',
      createdAt: T0,
      createdBy: 'admin',
    });
    repo.appendTransitions([transition({})]);
    expect(repo.deleteRule('a')).toBe(true);
    expect(repo.deleteRule('a')).toBe(false);
    expect(repo.loadStates().size).toBe(0);
    expect(repo.activeSilences(T0)).toEqual([]);
    expect(repo.history({ limit: 10 })).toHaveLength(1);
  });

  it('serves history newest first, filtered by rule, state and time, and prunes old rows', () => {
    const repo = connect();
    const rows = repo.appendTransitions([
      transition({ at: T0, to: 'pending' }),
      transition({ at: T0 + 1000, from: 'pending', to: 'firing' }),
      transition({ ruleId: 'b', ruleName: 'B', at: T0 + 2000, to: 'firing' }),
      transition({ at: T0 + 3000, from: 'firing', to: 'resolved', value: 0.1 }),
    ]);
    expect(rows.map((r) => r.id)).toEqual([1, 2, 3, 4]);
    expect(repo.history({ limit: 10 }).map((r) => r.id)).toEqual([4, 3, 2, 1]);
    expect(repo.history({ ruleId: 'a', limit: 10 }).map((r) => r.id)).toEqual([4, 2, 1]);
    expect(repo.history({ state: 'firing', limit: 10 }).map((r) => r.id)).toEqual([3, 2]);
    expect(repo.history({ from: T0 + 1000, to: T0 + 3000, limit: 10 }).map((r) => r.id)).toEqual([3, 2]);
    expect(repo.history({ limit: 2 }).map((r) => r.id)).toEqual([4, 3]);
    expect(repo.history({ beforeId: 3, limit: 2 }).map((r) => r.id)).toEqual([2, 1]);
    expect(repo.history({ limit: 1 })[0]).toEqual({ ...rows[3], id: 4 });
    expect(repo.prune(T0 + 1500)).toBe(2);
    expect(repo.history({ limit: 10 }).map((r) => r.id)).toEqual([4, 3]);
  });

  it('keeps the metric and unit of a row after its rule is deleted', () => {
    const repo = connect();
    repo.saveRule(rule('a', 'A'));
    repo.appendTransitions([transition({ metric: 'pdd_p95', unit: 'ms', value: 4200, threshold: 3000 })]);
    repo.deleteRule('a');
    expect(reopen().history({ limit: 10 })).toEqual([
      expect.objectContaining({ ruleId: 'a', metric: 'pdd_p95', unit: 'ms', value: 4200, threshold: 3000 }),
    ]);
  });

  it('upgrades a file of the first schema: its history rows read with a null metric and unit', () => {
    const db = new BetterSqlite3(file);
    open.push(db);
    const first = { ...ALERT_MIGRATIONS, migrations: ALERT_MIGRATIONS.migrations.slice(0, 1) };
    runMigrations(db, [first], T0);
    db.prepare(
      `INSERT INTO alert_history (rule_id, rule_name, severity, from_state, to_state, value, threshold, at, reason)
       VALUES ('old', 'Old', 'warning', 'pending', 'firing', 0.4, 0.2, ?, 'condition held')`,
    ).run(T0);

    const repo = reopen();
    repo.appendTransitions([transition({ at: T0 + 1000 })]);
    expect(repo.history({ limit: 10 })).toEqual([
      expect.objectContaining({ ruleId: 'a', metric: 'failure_rate', unit: 'fraction' }),
      expect.objectContaining({ ruleId: 'old', metric: null, unit: null, value: 0.4, to: 'firing' }),
    ]);
  });

  it('migrating an already migrated file changes nothing', () => {
    connect().saveRule(rule('a', 'A'));
    expect(reopen().listRules()).toHaveLength(1);
  });
});
