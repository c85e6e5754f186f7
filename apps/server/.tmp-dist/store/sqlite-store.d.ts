import type { Database } from 'better-sqlite3';
import type { TimedTable } from '../core/aggregator.js';
import type { StoredEvent } from '../wire/aggregates.js';
import type { MigrationSet } from './migrations.js';
import type { EventQuery, FlushBatch, PrunePolicy, PruneResult, Store, StoredState } from './store.js';
import { WriterThread } from './writer-thread.js';
export interface SqliteStoreOptions {
    /** Other modules' tables (e.g. the alerts), applied after the core ones. */
    migrations?: readonly MigrationSet[];
    now?: number;
}
/** Opens (creating when missing) the database file; every failure is a StoreOpenError. */
export declare function openSqliteStore(file: string, options?: SqliteStoreOptions): SqliteStore;
/**
 * The core tables over one file. Reads (history at start, older minutes, raw events) use a
 * connection on the event loop; flushes and pruning go to a writer thread with its own connection
 * (WAL mode lets the two work at once), so the event loop never waits for the disk or for SQLite.
 */
export declare class SqliteStore implements Store {
    /** For modules with their own tables (registered as migrations); the core never shares it otherwise. */
    readonly db: Database;
    readonly file: string;
    private readonly writer;
    private closed;
    private readonly background;
    constructor(
    /** For modules with their own tables (registered as migrations); the core never shares it otherwise. */
    db: Database, file: string, writer: WriterThread);
    loadState(sinceSecond: number, sinceMinute: number): StoredState;
    write(batch: FlushBatch): void;
    writeInBackground(batch: FlushBatch, done: (error: Error | undefined) => void): void;
    readMinutes(from: number, to: number): TimedTable[];
    queryEvents(q: EventQuery): StoredEvent[];
    prune(policy: PrunePolicy): PruneResult;
    pruneInBackground(policy: PrunePolicy, done: (error: Error | undefined) => void): void;
    waitForWrites(): void;
    /** Size of the main database file in bytes (the WAL comes on top until a checkpoint). */
    sizeBytes(): number;
    close(): void;
}
