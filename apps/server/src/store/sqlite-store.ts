import { mkdirSync } from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import type { Database, Statement } from 'better-sqlite3';
import type { TimedTable } from '../core/aggregator.js';
import { DIMENSION_KINDS } from '../core/dimensions.js';
import type { DimensionEntry, DimensionKind } from '../core/dimensions.js';
import type { StoredEvent } from '../wire/aggregates.js';
import type { SipEvent } from '../wire/event.js';
import { decodeCells, encodeCells } from './cell-codec.js';
import type { MigrationSet } from './migrations.js';
import { runMigrations } from './migrations.js';
import { CORE_MIGRATIONS } from './schema.js';
import type { EventQuery, FlushBatch, PrunePolicy, PruneResult, Store, StoredState } from './store.js';
import { StoreOpenError } from './store.js';

export interface SqliteStoreOptions {
  /** Other modules' tables (e.g. the alerts), applied after the core ones. */
  migrations?: readonly MigrationSet[];
  now?: number;
}

/** Opens (creating when missing) the database file; every failure is a StoreOpenError. */
export function openSqliteStore(file: string, options: SqliteStoreOptions = {}): SqliteStore {
  const where = path.resolve(file);
  let db: Database | undefined;
  try {
    mkdirSync(path.dirname(where), { recursive: true });
  } catch (err) {
    throw new StoreOpenError(
      `cannot create the data directory ${path.dirname(where)}: ${(err as Error).message}`,
    );
  }
  try {
    db = new BetterSqlite3(where);
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('busy_timeout = 5000');
    runMigrations(db, [CORE_MIGRATIONS, ...(options.migrations ?? [])], options.now ?? Date.now());
    // Proves the file is writable now, not at the first flush.
    db.prepare('INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)').run(
      'opened_at',
      String(options.now ?? Date.now()),
    );
    return new SqliteStore(db, where);
  } catch (err) {
    db?.close();
    throw new StoreOpenError(explain(where, err));
  }
}

function explain(file: string, err: unknown): string {
  const code = (err as { code?: string }).code ?? '';
  const message = (err as Error).message ?? String(err);
  if (code === 'SQLITE_NOTADB' || code.startsWith('SQLITE_CORRUPT')) {
    return `the database file ${file} is corrupt or not a SQLite database (${message}). Move it aside (sipwatch creates a fresh one) or restore a backup.`;
  }
  if (
    code === 'SQLITE_READONLY' ||
    code.startsWith('SQLITE_READONLY') ||
    code === 'SQLITE_CANTOPEN' ||
    code === 'SQLITE_PERM'
  ) {
    return `cannot write the database file ${file} (${message}). Check that the file and its directory are writable by this user, or set SIPWATCH_DATA_DIR / SIPWATCH_DB_FILE elsewhere.`;
  }
  return `cannot open the database file ${file}: ${message}`;
}

interface RawRow {
  id: number;
  event: string;
}

export class SqliteStore implements Store {
  private readonly stmt: {
    dimension: Statement;
    second: Statement;
    minute: Statement;
    minuteGet: Statement<[number], { cells: Buffer }>;
    event: Statement;
  };
  private closed = false;

  constructor(
    /** For modules with their own tables (registered as migrations); the core never shares it otherwise. */
    readonly db: Database,
    readonly file: string,
  ) {
    this.stmt = {
      dimension: db.prepare('INSERT OR REPLACE INTO dimensions (kind, id, name) VALUES (?, ?, ?)'),
      second: db.prepare('INSERT OR REPLACE INTO rollup_second (second, cells) VALUES (?, ?)'),
      minute: db.prepare('INSERT OR REPLACE INTO rollup_minute (minute, cells) VALUES (?, ?)'),
      minuteGet: db.prepare('SELECT cells FROM rollup_minute WHERE minute = ?'),
      event: db.prepare(
        'INSERT INTO raw_events (ts, code, trunk, source, method, call_id, event) VALUES (?, ?, ?, ?, ?, ?, ?)',
      ),
    };
  }

  loadState(sinceSecond: number, sinceMinute: number): StoredState {
    const dimensions: DimensionEntry[] = this.db
      .prepare<[], { kind: string; id: number; name: string }>(
        'SELECT kind, id, name FROM dimensions ORDER BY kind, id',
      )
      .all()
      .filter((r): r is DimensionEntry => (DIMENSION_KINDS as readonly string[]).includes(r.kind))
      .map((r) => ({ kind: r.kind as DimensionKind, id: r.id, name: r.name }));
    const seconds = this.db
      .prepare<[number], { at: number; cells: Buffer }>(
        'SELECT second AS at, cells FROM rollup_second WHERE second >= ? ORDER BY second',
      )
      .all(sinceSecond)
      .map((r) => ({ at: r.at, table: decodeCells(r.cells) }));
    return { dimensions, seconds, minutes: this.readMinutes(sinceMinute, Number.MAX_SAFE_INTEGER) };
  }

  write(batch: FlushBatch): void {
    const { stmt } = this;
    this.db.transaction(() => {
      for (const d of batch.dimensions) stmt.dimension.run(d.kind, d.id, d.name);
      for (const s of batch.seconds) stmt.second.run(s.at, encodeCells(s.table));
      for (const m of batch.minutes) stmt.minute.run(m.at, encodeCells(m.table));
      for (const m of batch.minuteDeltas) {
        const existing = stmt.minuteGet.get(m.at);
        if (existing) {
          const merged = decodeCells(existing.cells);
          merged.merge(m.table);
          stmt.minute.run(m.at, encodeCells(merged));
        } else {
          stmt.minute.run(m.at, encodeCells(m.table));
        }
      }
      for (const e of batch.events) {
        stmt.event.run(
          e.ts,
          e.code,
          e.trunk ?? null,
          e.source.host,
          e.method?.toUpperCase() ?? null,
          e.callId ?? null,
          JSON.stringify(e),
        );
      }
      if (batch.maxEvents !== undefined && batch.events.length > 0) this.trimEvents(batch.maxEvents);
    })();
  }

  /** Keeps the newest `max` raw events (ids are dense: one writer, AUTOINCREMENT). */
  private trimEvents(max: number): number {
    const newest = this.db
      .prepare<[], { id: number | null }>('SELECT MAX(id) AS id FROM raw_events')
      .get()?.id;
    if (newest === null || newest === undefined) return 0;
    return this.db.prepare('DELETE FROM raw_events WHERE id <= ?').run(newest - max).changes;
  }

  readMinutes(from: number, to: number): TimedTable[] {
    return this.db
      .prepare<[number, number], { at: number; cells: Buffer }>(
        'SELECT minute AS at, cells FROM rollup_minute WHERE minute >= ? AND minute < ? ORDER BY minute',
      )
      .all(from, to)
      .map((r) => ({ at: r.at, table: decodeCells(r.cells) }));
  }

  queryEvents(q: EventQuery): StoredEvent[] {
    const where: string[] = [];
    const params: (string | number)[] = [];
    const add = (sql: string, value: string | number | undefined): void => {
      if (value === undefined) return;
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
      .prepare<(string | number)[], RawRow>(sql)
      .all(...params, q.limit)
      .map((r) => ({ ...(JSON.parse(r.event) as SipEvent), id: r.id }));
  }

  prune(p: PrunePolicy): PruneResult {
    return this.db.transaction(() => {
      const seconds = this.db
        .prepare('DELETE FROM rollup_second WHERE second < ?')
        .run(p.secondsBefore).changes;
      const minutes = this.db
        .prepare('DELETE FROM rollup_minute WHERE minute < ?')
        .run(p.minutesBefore).changes;
      const events =
        this.db.prepare('DELETE FROM raw_events WHERE ts < ?').run(p.eventsBefore).changes +
        this.trimEvents(p.maxEvents);
      return { seconds, minutes, events };
    })();
  }

  /** Size of the main database file in bytes (the WAL comes on top until a checkpoint). */
  sizeBytes(): number {
    const pages = this.db.pragma('page_count', { simple: true }) as number;
    const pageSize = this.db.pragma('page_size', { simple: true }) as number;
    return pages * pageSize;
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    try {
      this.db.pragma('wal_checkpoint(TRUNCATE)');
    } finally {
      this.db.close();
    }
  }
}
