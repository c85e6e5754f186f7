import type { Database } from 'better-sqlite3';
import type { MigrationSet } from '../store/migrations.js';
import type { AlertAck, AlertRule, AlertState, AlertStateName, AlertTransition, Silence, TargetDeliveryStats } from '../wire/alerts.js';
/**
 * The alerts' tables, in the same SQLite file as the rollups (registered with the store's
 * migrations as module "alerts"). Rules and states are kept as JSON documents: they are read
 * whole, few, and their shape is validated by the wire schemas on the way in.
 */
export declare const ALERT_MIGRATIONS: MigrationSet;
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
export type NewTransition = Omit<AlertTransition, 'id'>;
export declare class AlertRepository {
    private readonly db;
    private readonly s;
    constructor(db: Database);
    /** Runs fn in one transaction (nested calls join the outer one). */
    transaction<T>(fn: () => T): T;
    listRules(): AlertRule[];
    getRule(id: string): AlertRule | undefined;
    /** Inserts or replaces a rule (names are unique: a clash throws SQLITE_CONSTRAINT_UNIQUE). */
    saveRule(rule: AlertRule): void;
    /** Deletes a rule with its state, silences and delivery counts; its history stays. */
    deleteRule(id: string): boolean;
    loadStates(): Map<string, AlertState>;
    saveStates(states: readonly AlertState[]): void;
    appendTransitions(rows: readonly NewTransition[]): AlertTransition[];
    /** Newest first. */
    history(q: HistoryQuery): AlertTransition[];
    /** Retention: drops history, acks and ended silences older than `before`. */
    prune(before: number): number;
    addSilence(s: Silence): void;
    /** Silences that have not ended at `at`. */
    activeSilences(at: number): Silence[];
    deleteSilence(id: string): boolean;
    addAck(ruleId: string, ack: AlertAck): void;
    saveDelivery(ruleId: string, stats: TargetDeliveryStats): void;
    loadDeliveries(): {
        ruleId: string;
        stats: TargetDeliveryStats;
    }[];
}
