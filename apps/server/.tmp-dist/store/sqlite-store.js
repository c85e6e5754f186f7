import { mkdirSync } from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { DIMENSION_KINDS } from '../core/dimensions.js';
import { BackgroundWrites } from './background-writes.js';
import { decodeCells } from './cell-codec.js';
import { toWriterBatch } from './flush-writer.js';
import { runMigrations } from './migrations.js';
import { CORE_MIGRATIONS } from './schema.js';
import { StoreOpenError } from './store.js';
import { WriterThread } from './writer-thread.js';
/** Opens (creating when missing) the database file; every failure is a StoreOpenError. */
export function openSqliteStore(file, options = {}) {
    const where = path.resolve(file);
    let db;
    let writer;
    try {
        mkdirSync(path.dirname(where), { recursive: true });
    }
    catch (err) {
        throw new StoreOpenError(`cannot create the data directory ${path.dirname(where)}: ${err.message}`);
    }
    try {
        db = new BetterSqlite3(where);
        db.pragma('journal_mode = WAL');
        db.pragma('synchronous = NORMAL');
        db.pragma('busy_timeout = 5000');
        runMigrations(db, [CORE_MIGRATIONS, ...(options.migrations ?? [])], options.now ?? Date.now());
        // Proves the file is writable now, not at the first flush.
        db.prepare('INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)').run('opened_at', String(options.now ?? Date.now()));
        writer = new WriterThread(where);
        // Checkpoints (copying the WAL into the file, with an fsync) happen in the writer thread,
        // never in a commit of this connection (the alerts module writes through it).
        db.pragma('wal_autocheckpoint = 0');
        return new SqliteStore(db, where, writer);
    }
    catch (err) {
        writer?.close();
        db?.close();
        throw new StoreOpenError(explain(where, err));
    }
}
function explain(file, err) {
    const code = err.code ?? '';
    const message = err.message ?? String(err);
    if (code === 'SQLITE_NOTADB' || code.startsWith('SQLITE_CORRUPT')) {
        return `the database file ${file} is corrupt or not a SQLite database (${message}). Move it aside (sipwatch creates a fresh one) or restore a backup.`;
    }
    if (code === 'SQLITE_READONLY' ||
        code.startsWith('SQLITE_READONLY') ||
        code === 'SQLITE_CANTOPEN' ||
        code === 'SQLITE_PERM') {
        return `cannot write the database file ${file} (${message}). Check that the file and its directory are writable by this user, or set SIPWATCH_DATA_DIR / SIPWATCH_DB_FILE elsewhere.`;
    }
    return `cannot open the database file ${file}: ${message}`;
}
/**
 * The core tables over one file. Reads (history at start, older minutes, raw events) use a
 * connection on the event loop; flushes and pruning go to a writer thread with its own connection
 * (WAL mode lets the two work at once), so the event loop never waits for the disk or for SQLite.
 */
export class SqliteStore {
    db;
    file;
    writer;
    closed = false;
    background;
    constructor(
    /** For modules with their own tables (registered as migrations); the core never shares it otherwise. */
    db, file, writer) {
        this.db = db;
        this.file = file;
        this.writer = writer;
        this.background = new BackgroundWrites(writer);
    }
    loadState(sinceSecond, sinceMinute) {
        const dimensions = this.db
            .prepare('SELECT kind, id, name FROM dimensions ORDER BY kind, id')
            .all()
            .filter((r) => DIMENSION_KINDS.includes(r.kind))
            .map((r) => ({ kind: r.kind, id: r.id, name: r.name }));
        const seconds = this.db
            .prepare('SELECT second AS at, cells FROM rollup_second WHERE second >= ? ORDER BY second')
            .all(sinceSecond)
            .map((r) => ({ at: r.at, table: decodeCells(r.cells) }));
        return { dimensions, seconds, minutes: this.readMinutes(sinceMinute, Number.MAX_SAFE_INTEGER) };
    }
    write(batch) {
        this.background.handOverAll();
        const { batch: b, transfer } = toWriterBatch(batch);
        this.writer.call({ op: 'write', batch: b }, transfer);
    }
    writeInBackground(batch, done) {
        this.background.submit(batch, done);
    }
    readMinutes(from, to) {
        return this.db
            .prepare('SELECT minute AS at, cells FROM rollup_minute WHERE minute >= ? AND minute < ? ORDER BY minute')
            .all(from, to)
            .map((r) => ({ at: r.at, table: decodeCells(r.cells) }));
    }
    queryEvents(q) {
        const where = [];
        const params = [];
        const add = (sql, value) => {
            if (value === undefined)
                return;
            where.push(sql);
            params.push(value);
        };
        add('code = ?', q.code);
        add('trunk = ?', q.trunk);
        add('source = ?', q.source);
        add('method = ?', q.method?.toUpperCase());
        add('call_id = ?', q.callId);
        add('ts >= ?', q.from);
        add('ts < ?', q.to);
        add('id < ?', q.beforeId);
        const sql = `SELECT id, event FROM raw_events ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY id DESC LIMIT ?`;
        return this.db
            .prepare(sql)
            .all(...params, q.limit)
            .map((r) => ({ ...JSON.parse(r.event), id: r.id }));
    }
    prune(policy) {
        this.background.handOverAll();
        return this.writer.call({ op: 'prune', policy });
    }
    pruneInBackground(policy, done) {
        this.background.handOverAll();
        this.writer.submit({ op: 'prune', policy }, [], (error) => done(error));
    }
    waitForWrites() {
        this.background.handOverAll();
        this.writer.waitForAll();
    }
    /** Size of the main database file in bytes (the WAL comes on top until a checkpoint). */
    sizeBytes() {
        const pages = this.db.pragma('page_count', { simple: true });
        const pageSize = this.db.pragma('page_size', { simple: true });
        return pages * pageSize;
    }
    close() {
        if (this.closed)
            return;
        this.closed = true;
        try {
            // Everything queued is written before the writer's connection closes.
            this.background.handOverAll();
            this.writer.close();
            this.db.pragma('wal_checkpoint(TRUNCATE)');
        }
        finally {
            this.db.close();
        }
    }
}
//# sourceMappingURL=sqlite-store.js.map