import type { Database } from 'better-sqlite3';
/**
 * Schema changes, per module. Each module of the server that keeps tables (the core store, the
 * alerts) owns one MigrationSet with its own version numbers; the store applies the pending ones
 * in order at open, each in its own transaction, and records them in `schema_migrations`.
 *
 * A migration is never edited once released: add the next version instead.
 */
export interface Migration {
    /** 1, 2, 3, ... within its module. */
    version: number;
    /** What it does, for the log and the table. */
    name: string;
    /** SQL (several statements allowed) or a function for changes SQL alone cannot express. */
    up: string | ((db: Database) => void);
}
export interface MigrationSet {
    /** A stable name, e.g. "core", "alerts". */
    module: string;
    migrations: readonly Migration[];
}
export interface AppliedMigration {
    module: string;
    version: number;
    name: string;
}
export declare function runMigrations(db: Database, sets: readonly MigrationSet[], now: number): AppliedMigration[];
