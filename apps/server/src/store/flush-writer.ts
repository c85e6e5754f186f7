import type { Database, Statement } from 'better-sqlite3';
import { CellTable } from '../core/cell-table.js';
import type { TimingSlotRecord } from '../core/call-timing.js';
import type { DimensionEntry } from '../core/dimensions.js';
import type { SipEvent } from '@sipwatch/wire';
import { decodeCells, encodeCells } from './cell-codec.js';
import { SpanRollups } from './spans.js';
import type { CallsWrite, FlushBatch, PrunePolicy, PruneResult } from './store.js';
import { CallWriter } from './call-writer.js';

/**
 * The statements that change the core tables: a flush (one transaction) and retention pruning.
 * It runs in the writer thread (writer-worker.ts), so neither the SQL, the cell encoding nor the
 * JSON of raw events costs the event loop any time.
 */

/** A cell table as plain arrays, so it crosses to the writer thread as a copy it owns. */
export interface CellArrays {
  at: number;
  keys: Float64Array;
  counts: Uint32Array;
}

/** A FlushBatch as it crosses the thread boundary (see toWriterBatch). */
export interface WriterBatch {
  /**
   * The flush's sequence number, stored in the same transaction: a flush sent again after its
   * answer was lost (the thread hung or died) is skipped if it had been committed after all.
   */
  seq: number;
  dimensions: DimensionEntry[];
  seconds: CellArrays[];
  minutes: CellArrays[];
  minuteDeltas: CellArrays[];
  events: SipEvent[];
  /** How many raw events were sent ahead in 'stage' messages: they come before `events`. */
  staged?: number;
  maxEvents?: number;
  timings?: TimingSlotRecord[];
  calls?: CallsWrite;
  run?: { id: number; at: number };
}

/**
 * Snapshots a batch for the writer: the cell arrays are copied (the aggregator keeps counting into
 * its tables meanwhile); the copies can be transferred, not cloned.
 */
export function toWriterBatch(
  batch: FlushBatch,
  seq: number,
): { batch: WriterBatch; transfer: ArrayBuffer[] } {
  const transfer: ArrayBuffer[] = [];
  const copy = (list: FlushBatch['seconds']): CellArrays[] =>
    list.map(({ at, table }) => {
      const { keys, counts } = table.arrays();
      const out = { at, keys: keys.slice(), counts: counts.slice() };
      transfer.push(out.keys.buffer as ArrayBuffer, out.counts.buffer as ArrayBuffer);
      return out;
    });
  return {
    batch: {
      seq,
      dimensions: batch.dimensions,
      seconds: copy(batch.seconds),
      minutes: copy(batch.minutes),
      minuteDeltas: copy(batch.minuteDeltas),
      events: batch.events,
      ...(batch.maxEvents !== undefined && { maxEvents: batch.maxEvents }),
      ...(batch.timings !== undefined && { timings: batch.timings }),
      ...(batch.calls !== undefined && { calls: batch.calls }),
      ...(batch.run !== undefined && { run: batch.run }),
    },
    transfer,
  };
}

/** The meta row holding the sequence number of the newest committed flush. */
export const FLUSH_SEQ_KEY = 'flush_seq';

export class FlushWriter {
  private readonly stmt: {
    dimension: Statement;
    second: Statement;
    minute: Statement;
    minuteGet: Statement<[number], { cells: Buffer }>;
    event: Statement;
    newestEvent: Statement<[], { id: number | null }>;
    trimEvents: Statement<[number]>;
    pruneSeconds: Statement<[number]>;
    pruneMinutes: Statement<[number]>;
    pruneEvents: Statement<[number]>;
    timing: Statement<[number, string, string, string]>;
    pruneTimings: Statement<[number]>;
    seq: Statement<[], { value: string }>;
    saveSeq: Statement<[string]>;
    runFlushed: Statement<[number, number]>;
    pruneRuns: Statement<[number]>;
  };
  private readonly spans: SpanRollups;
  private readonly calls: CallWriter;

  constructor(private readonly db: Database) {
    this.spans = new SpanRollups(db);
    this.calls = new CallWriter(db);
    this.stmt = {
      dimension: db.prepare(
        'INSERT OR REPLACE INTO dimensions (kind, id, name, last_seen, retired) VALUES (?, ?, ?, ?, ?)',
      ),
      second: db.prepare('INSERT OR REPLACE INTO rollup_second (second, cells) VALUES (?, ?)'),
      minute: db.prepare('INSERT OR REPLACE INTO rollup_minute (minute, cells) VALUES (?, ?)'),
      minuteGet: db.prepare('SELECT cells FROM rollup_minute WHERE minute = ?'),
      event: db.prepare(
        'INSERT INTO raw_events (ts, code, trunk, source, method, call_id, event) VALUES (?, ?, ?, ?, ?, ?, ?)',
      ),
      newestEvent: db.prepare('SELECT MAX(id) AS id FROM raw_events'),
      trimEvents: db.prepare('DELETE FROM raw_events WHERE id <= ?'),
      pruneSeconds: db.prepare('DELETE FROM rollup_second WHERE second < ?'),
      pruneMinutes: db.prepare('DELETE FROM rollup_minute WHERE minute < ?'),
      pruneEvents: db.prepare('DELETE FROM raw_events WHERE ts < ?'),
      timing: db.prepare(
        'INSERT OR REPLACE INTO timing_slots (start_ms, trunk, pdd, setup) VALUES (?, ?, ?, ?)',
      ),
      pruneTimings: db.prepare('DELETE FROM timing_slots WHERE start_ms < ?'),
      seq: db.prepare(`SELECT value FROM meta WHERE key = '${FLUSH_SEQ_KEY}'`),
      saveSeq: db.prepare(`INSERT OR REPLACE INTO meta (key, value) VALUES ('${FLUSH_SEQ_KEY}', ?)`),
      runFlushed: db.prepare('UPDATE runs SET last_at = MAX(last_at, ?) WHERE id = ?'),
      pruneRuns: db.prepare('DELETE FROM runs WHERE last_at < ?'),
    };
  }

  /**
   * One flush, in one transaction: all of it is written or none. False when a flush with this
   * sequence number was already committed (nothing is written twice). `beforeCommit` runs inside
   * the transaction once everything is written (the tests' hang hook).
   */
  write(batch: WriterBatch, beforeCommit?: () => void): boolean {
    const { stmt } = this;
    const encode = (c: CellArrays): Buffer => encodeCells(CellTable.fromArrays(c.keys, c.counts));
    // IMMEDIATE: the sequence number is read under the write lock, so no other commit slips between.
    return this.db
      .transaction(() => {
        if (Number(stmt.seq.get()?.value ?? 0) >= batch.seq) return false;
        stmt.saveSeq.run(String(batch.seq));
        for (const d of batch.dimensions)
          stmt.dimension.run(d.kind, d.id, d.name, d.lastSeen ?? 0, d.retired ? 1 : 0);
        for (const s of batch.seconds) stmt.second.run(s.at, encode(s));
        for (const m of batch.minutes) stmt.minute.run(m.at, encode(m));
        for (const m of batch.minuteDeltas) {
          const existing = stmt.minuteGet.get(m.at);
          const table = CellTable.fromArrays(m.keys, m.counts);
          if (existing) {
            const merged = decodeCells(existing.cells);
            merged.merge(table);
            stmt.minute.run(m.at, encodeCells(merged));
          } else {
            stmt.minute.run(m.at, encodeCells(table));
          }
        }
        if (batch.minutes.length > 0 || batch.minuteDeltas.length > 0) {
          this.spans.rebuild([...batch.minutes, ...batch.minuteDeltas].map((m) => m.at));
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
        for (const t of batch.timings ?? [])
          stmt.timing.run(t.startMs, t.trunk, JSON.stringify(t.pdd), JSON.stringify(t.setup));
        if (batch.calls) this.calls.write(batch.calls);
        if (batch.run) stmt.runFlushed.run(batch.run.at, batch.run.id);
        beforeCommit?.();
        return true;
      })
      .immediate();
  }

  prune(p: PrunePolicy): PruneResult {
    return this.db.transaction(() => {
      const seconds = this.stmt.pruneSeconds.run(p.secondsBefore).changes;
      const minutes = this.stmt.pruneMinutes.run(p.minutesBefore).changes;
      if (minutes > 0) this.spans.prune(p.minutesBefore);
      const events = this.stmt.pruneEvents.run(p.eventsBefore).changes + this.trimEvents(p.maxEvents);
      const timings = this.stmt.pruneTimings.run(p.timingsBefore).changes;
      const calls = this.calls.prune(p.callsBefore, p.maxCalls);
      this.stmt.pruneRuns.run(p.minutesBefore * 60_000);
      return { seconds, minutes, events, timings, calls };
    })();
  }

  /** Keeps the newest `max` raw events (ids are dense: one writer, AUTOINCREMENT). */
  private trimEvents(max: number): number {
    const newest = this.stmt.newestEvent.get()?.id;
    if (newest === null || newest === undefined) return 0;
    return this.stmt.trimEvents.run(newest - max).changes;
  }
}
