import { mkdirSync } from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import type { Database, Statement } from 'better-sqlite3';
import type { TimedTable } from '../core/aggregator.js';
import type { CellTable } from '../core/cell-table.js';
import type { RunSpan } from '../core/run-gaps.js';
import { parseHistogramRecord } from '../core/call-timing.js';
import { DIMENSION_KINDS } from '../core/dimensions.js';
import type { DimensionEntry, DimensionKind } from '../core/dimensions.js';
import type { CallSummary, CapturedMessage, StoredEvent } from '@sipwatch/wire';
import type { SipEvent } from '@sipwatch/wire';
import { BackgroundWrites } from './background-writes.js';
import { decodeCells } from './cell-codec.js';
import { FLUSH_SEQ_KEY, toWriterBatch } from './flush-writer.js';
import type { MigrationSet } from './migrations.js';
import { runMigrations } from './migrations.js';
import { OUTBOX_MIGRATIONS, SqliteOutbox } from './outbox.js';
import type { Change } from './rollup-cache.js';
import { DEFAULT_CACHE_CELLS, EMPTY, RollupCache } from './rollup-cache.js';
import { CORE_MIGRATIONS } from './schema.js';
import type { Block } from './spans.js';
import { blocksOf } from './spans.js';
import type {
  CallQuery,
  CallRecord,
  StoredCall,
  EventQuery,
  FlushBatch,
  MinuteRange,
  PrunePolicy,
  PruneResult,
  Store,
  StoredState,
} from './store.js';
import { StoreOpenError, WriteRetainedError, keptCallSummary } from './store.js';
import { WriterLostError, WriterThread } from './writer-thread.js';

export interface SqliteStoreOptions {
  /** Other modules' tables (e.g. the alerts), applied after the core ones. */
  migrations?: readonly MigrationSet[];
  now?: number;
  /** Decoded rollups kept for reads, in cells (about 12 bytes each). */
  cacheCells?: number;
  /** A write not answered within this fails and the writer thread is restarted (the watchdog). */
  writeTimeoutMs?: number;
  /** Tests only (not in the configuration): SQLite's max_page_count for the writer, to fake a full disk. */
  maxPageCount?: number;
}

/** Opens (creating when missing) the database file; every failure is a StoreOpenError. */
export function openSqliteStore(file: string, options: SqliteStoreOptions = {}): SqliteStore {
  const where = path.resolve(file);
  let db: Database | undefined;
  let writer: WriterThread | undefined;
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
    writer = new WriterThread(where, options.writeTimeoutMs, { maxPageCount: options.maxPageCount });
    // Checkpoints (copying the WAL into the file, with an fsync) happen in the writer thread,
    // never in a commit of this connection (the alerts module writes through it).
    db.pragma('wal_autocheckpoint = 0');
    // Writes on this connection (the alerts') give up quickly while the writer holds the lock,
    // rather than stall the event loop: their callers keep them and try again.
    db.pragma(`busy_timeout = ${EVENT_LOOP_BUSY_TIMEOUT_MS}`);
    const seq = db
      .prepare<[string], { value: string }>('SELECT value FROM meta WHERE key = ?')
      .get(FLUSH_SEQ_KEY);
    return new SqliteStore(db, where, writer, options.cacheCells, Number(seq?.value ?? 0));
  } catch (err) {
    writer?.close();
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

/** How long a write on the event loop's connection waits for the lock (see above). */
export const EVENT_LOOP_BUSY_TIMEOUT_MS = 100;

/** A write was not sent because the one retained before it still fails (it was not written). */
function blockedBy(cause: Error): Error {
  return Object.assign(new Error(`not written: ${cause.message}`), {
    code: (cause as { code?: string }).code,
    timedOut: (cause as { timedOut?: boolean }).timedOut,
  });
}

interface RawRow {
  id: number;
  event: string;
}

/**
 * The core tables over one file. Reads (history at start, older minutes, raw events) use a
 * connection on the event loop; flushes and pruning go to a writer thread with its own connection
 * (WAL mode lets the two work at once), so the event loop never waits for the disk or for SQLite.
 */
export class SqliteStore implements Store {
  private closed = false;
  private readonly background: BackgroundWrites;
  private readonly cache: RollupCache;
  private readonly blockRows: {
    minute: Statement<[number, number], { at: number; cells: Buffer }>;
    span: Statement<[number, number, number], { at: number; cells: Buffer }>;
  };

  /** The newest flush sequence number handed out (see WriterBatch.seq). */
  private seq: number;
  /** A batch whose write may or may not have been committed, with its sequence number. */
  private retained: { batch: FlushBatch; seq: number } | undefined;

  constructor(
    /** For modules with their own tables (registered as migrations); the core never shares it otherwise. */
    readonly db: Database,
    readonly file: string,
    private readonly writer: WriterThread,
    cacheCells = DEFAULT_CACHE_CELLS,
    lastSeq = 0,
  ) {
    this.seq = lastSeq;
    this.background = new BackgroundWrites(writer);
    this.cache = new RollupCache(cacheCells);
    this.blockRows = {
      minute: db.prepare('SELECT minute AS at, cells FROM rollup_minute WHERE minute >= ? AND minute < ?'),
      span: db.prepare(
        'SELECT start AS at, cells FROM rollup_span WHERE size = ? AND start >= ? AND start < ?',
      ),
    };
  }

  newestMinute(atMost: number): number | undefined {
    const row = this.db
      .prepare<[number], { m: number | null }>('SELECT MAX(minute) AS m FROM rollup_minute WHERE minute <= ?')
      .get(atMost);
    return row?.m ?? undefined;
  }

  loadState(sinceSecond: number, sinceMinute: number): StoredState {
    const dimensions: DimensionEntry[] = this.db
      .prepare<[], { kind: string; id: number; name: string; lastSeen: number; retired: number }>(
        'SELECT kind, id, name, last_seen AS lastSeen, retired FROM dimensions ORDER BY kind, id',
      )
      .all()
      .filter((r) => (DIMENSION_KINDS as readonly string[]).includes(r.kind))
      .map((r) => {
        const e: DimensionEntry = { kind: r.kind as DimensionKind, id: r.id, name: r.name };
        if (r.lastSeen > 0) e.lastSeen = r.lastSeen;
        if (r.retired) e.retired = true;
        return e;
      });
    const seconds = this.db
      .prepare<[number], { at: number; cells: Buffer }>(
        'SELECT second AS at, cells FROM rollup_second WHERE second >= ? ORDER BY second',
      )
      .all(sinceSecond)
      .map((r) => ({ at: r.at, table: decodeCells(r.cells) }));
    const timings = this.db
      .prepare<[number], { startMs: number; trunk: string; pdd: string; setup: string }>(
        'SELECT start_ms AS startMs, trunk, pdd, setup FROM timing_slots WHERE start_ms >= ? ORDER BY start_ms',
      )
      .all(sinceSecond * 1000)
      .flatMap((r) => {
        const pdd = parseHistogramRecord(r.pdd);
        const setup = parseHistogramRecord(r.setup);
        return pdd && setup ? [{ startMs: r.startMs, trunk: r.trunk, pdd, setup }] : [];
      });
    return {
      dimensions,
      seconds,
      minutes: this.readMinutes(sinceMinute, Number.MAX_SAFE_INTEGER),
      timings,
    };
  }

  write(batch: FlushBatch): void {
    this.background.handOverAll();
    const retained = this.retained;
    if (retained) {
      try {
        this.writeNow(retained.batch, retained.seq);
        this.retained = undefined;
      } catch (err) {
        throw blockedBy(err as Error);
      }
    }
    this.writeNow(batch, ++this.seq);
  }

  private writeNow(batch: FlushBatch, seq: number): void {
    const { batch: b, transfer } = toWriterBatch(batch, seq);
    const pending = this.cache.begin(changeOf(batch));
    try {
      this.writer.call({ op: 'write', batch: b }, transfer);
    } catch (err) {
      throw this.outcome(batch, seq, err as Error)!;
    } finally {
      this.cache.end(pending);
    }
  }

  writeInBackground(batch: FlushBatch, done: (error: Error | undefined) => void): void {
    const retained = this.retained;
    if (!retained) {
      this.writeLater(batch, ++this.seq, done);
      return;
    }
    // The retained batch goes first, alone: this one follows only once it is written.
    this.writeLater(retained.batch, retained.seq, (error) => {
      if (error) done(blockedBy(error));
      else {
        this.retained = undefined;
        this.writeLater(batch, ++this.seq, done);
      }
    });
  }

  private writeLater(batch: FlushBatch, seq: number, done: (error: Error | undefined) => void): void {
    const pending = this.cache.begin(changeOf(batch));
    this.background.submit(batch, seq, (error) => {
      this.cache.end(pending);
      done(this.outcome(batch, seq, error));
    });
  }

  /** An unknown outcome keeps the batch (see WriteRetainedError); other errors mean nothing was written. */
  private outcome(batch: FlushBatch, seq: number, error: Error | undefined): Error | undefined {
    if (!(error instanceof WriterLostError)) return error;
    this.retained = { batch, seq };
    return new WriteRetainedError(error);
  }

  /** Whether a batch is kept to be sent again (see WriteRetainedError). */
  get holdsRetainedWrite(): boolean {
    return this.retained !== undefined;
  }

  /** The writer thread's watchdog: requests that overran their deadline, and restarts. */
  get writerStats(): { timeouts: number; restarts: number } {
    return { timeouts: this.writer.timeouts, restarts: this.writer.restarts };
  }

  /**
   * A cluster node's outbox (outbox.ts), its table created at the first call: written through the
   * writer thread, in order with the flushes.
   */
  outbox(now: number): SqliteOutbox {
    runMigrations(this.db, [OUTBOX_MIGRATIONS], now);
    return new SqliteOutbox(this.db, (change, done) =>
      this.writer.submit({ op: 'outbox', change }, [], (error) => done(error)),
    );
  }

  /** Tests only: see WriterThread.testHooks. */
  get testHooks(): WriterThread['testHooks'] {
    return this.writer.testHooks;
  }

  readMinutes(from: number, to: number): TimedTable[] {
    return this.db
      .prepare<[number, number], { at: number; cells: Buffer }>(
        'SELECT minute AS at, cells FROM rollup_minute WHERE minute >= ? AND minute < ? ORDER BY minute',
      )
      .all(from, to)
      .map((r) => ({ at: r.at, table: decodeCells(r.cells) }));
  }

  readRollups(ranges: readonly MinuteRange[]): CellTable[][] {
    const plans = ranges.map((r) => blocksOf(r.from, r.to));
    const found = new Map<string, CellTable>();
    const wanted = new Map<number, number[]>();
    for (const plan of plans) {
      for (const block of plan) {
        const id = `${block.size}:${block.start}`;
        if (found.has(id)) continue;
        const cached = this.cache.get(block);
        if (cached) found.set(id, cached);
        else {
          let starts = wanted.get(block.size);
          if (!starts) wanted.set(block.size, (starts = []));
          starts.push(block.start);
          found.set(id, EMPTY);
        }
      }
    }
    for (const [size, starts] of wanted) {
      starts.sort((a, b) => a - b);
      // One query per run of adjacent blocks.
      for (let i = 0; i < starts.length;) {
        let j = i + 1;
        while (j < starts.length && starts[j] === starts[j - 1]! + size) j++;
        const from = starts[i]!;
        const to = starts[j - 1]! + size;
        const rows =
          size === 1 ? this.blockRows.minute.all(from, to) : this.blockRows.span.all(size, from, to);
        const byStart = new Map(rows.map((r) => [r.at, r.cells]));
        for (let k = i; k < j; k++) {
          const block: Block = { size, start: starts[k]! };
          const cells = byStart.get(block.start);
          const table = cells ? decodeCells(cells) : EMPTY;
          found.set(`${size}:${block.start}`, table);
          this.cache.put(block, table);
        }
        i = j;
      }
    }
    return plans.map((plan) =>
      plan.map((b) => found.get(`${b.size}:${b.start}`)!).filter((t) => t !== EMPTY),
    );
  }

  startRun(at: number): number {
    const r = this.db.prepare('INSERT INTO runs (started_at, last_at) VALUES (?, ?)').run(at, at);
    return Number(r.lastInsertRowid);
  }

  readRuns(): RunSpan[] {
    return this.db
      .prepare<[], RunSpan>('SELECT started_at AS start, last_at AS end FROM runs ORDER BY started_at')
      .all();
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

  queryCalls(q: CallQuery): StoredCall[] {
    const where: string[] = [];
    const params: (string | number)[] = [];
    const add = (sql: string, ...values: (string | number | undefined)[]): void => {
      if (values[0] === undefined) return;
      where.push(sql);
      params.push(...(values as (string | number)[]));
    };
    // A prefix as a range of the index (LIKE would need escaping and skip the index).
    const prefix = (p: string | undefined): [string, string] | [] =>
      p === undefined ? [] : [p, `${p}\u{10ffff}`];
    add('call_id = ?', q.callId);
    add('from_user >= ? AND from_user < ?', ...prefix(q.fromUser));
    add('to_user >= ? AND to_user < ?', ...prefix(q.toUser));
    add(
      '((from_user >= ? AND from_user < ?) OR (to_user >= ? AND to_user < ?))',
      ...prefix(q.number),
      ...prefix(q.number),
    );
    add('trunk = ?', q.trunk);
    add('code = ?', q.code);
    add('started_at >= ?', q.from);
    add('started_at < ?', q.to);
    add('id < ?', q.beforeId);
    const sql = `SELECT id, started_at AS startedAt, last_at AS lastAt, messages, truncated, summary FROM calls ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY id DESC LIMIT ?`;
    return this.db
      .prepare<(string | number)[], CallRow>(sql)
      .all(...params, q.limit)
      .map((r) => ({ ...callOf(r), id: r.id }));
  }

  readCall(callId: string): { call: CallSummary; messages: CapturedMessage[] } | undefined {
    const row = this.db
      .prepare<[string], CallRow>(
        'SELECT id, started_at AS startedAt, last_at AS lastAt, messages, truncated, summary FROM calls WHERE call_id = ?',
      )
      .get(callId);
    if (!row) return undefined;
    const messages = this.db
      .prepare<[number], { message: string }>('SELECT message FROM call_messages WHERE call = ? ORDER BY id')
      .all(row.id)
      // In the order they reached sipwatch; the ladder orders them (see @sipwatch/wire ladder.ts).
      .map((m) => JSON.parse(m.message) as CapturedMessage);
    return { call: callOf(row), messages };
  }

  prune(policy: PrunePolicy): PruneResult {
    this.background.handOverAll();
    const pending = this.cache.begin({ before: policy.minutesBefore });
    try {
      return this.writer.call({ op: 'prune', policy });
    } finally {
      this.cache.end(pending);
    }
  }

  pruneInBackground(policy: PrunePolicy, done: (error: Error | undefined) => void): void {
    this.background.handOverAll();
    const pending = this.cache.begin({ before: policy.minutesBefore });
    this.writer.submit({ op: 'prune', policy }, [], (error) => {
      this.cache.end(pending);
      done(error);
    });
  }

  waitForWrites(): void {
    this.background.handOverAll();
    this.writer.waitForAll();
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
      // Everything queued is written before the writer's connection closes.
      this.background.handOverAll();
      this.writer.close();
      this.db.pragma('wal_checkpoint(TRUNCATE)');
    } finally {
      this.db.close();
    }
  }
}

interface CallRow {
  id: number;
  startedAt: number;
  lastAt: number;
  messages: number;
  truncated: number;
  summary: string;
}

function callOf(r: CallRow): CallSummary {
  return keptCallSummary(JSON.parse(r.summary) as CallRecord, {
    startedAt: r.startedAt,
    lastAt: r.lastAt,
    messages: r.messages,
    truncated: r.truncated === 1,
  });
}

function changeOf(batch: FlushBatch): Change {
  return { minutes: [...batch.minutes, ...batch.minuteDeltas].map((m) => m.at) };
}
