import type { DimensionEntry } from '../core/dimensions.js';
import type { DirtySet, TimedTable } from '../core/aggregator.js';
import type { TimingSlotRecord } from '../core/call-timing.js';
import type { CellTable } from '../core/cell-table.js';
import type { StoredEvent } from '../wire/aggregates.js';
import type { SipEvent } from '../wire/event.js';

/**
 * What the server keeps across restarts, behind an interface small enough that a bigger store
 * (Postgres, ClickHouse) could replace SQLite: cell tables by second and by minute (see
 * core/cell-key.ts), the dimension names their ids stand for, a bounded window of raw events, and
 * the per-trunk call-timing histograms of the live window.
 */
export interface Store {
  /** Dimension names and the rollups the aggregator holds in memory, to resume after a restart. */
  loadState(sinceSecond: number, sinceMinute: number): StoredState;
  /**
   * One flush: every change in one transaction. Writes happen off the event loop, one at a time in
   * the order asked; this one blocks until written (tests, shutdown) and throws when nothing was.
   */
  write(batch: FlushBatch): void;
  /**
   * The same without blocking: the batch is taken now; `done` runs once it is written (error
   * undefined) or not. It runs before any later blocking call returns.
   */
  writeInBackground(batch: FlushBatch, done: (error: Error | undefined) => void): void;
  /** The newest minute with a stored rollup at or before `atMost` (a minute number), if any. */
  newestMinute(atMost: number): number | undefined;
  /** Minute rollups in [from, to), minute numbers (ms / 60000). */
  readMinutes(from: number, to: number): TimedTable[];
  /**
   * For each range of minutes, tables that together count its stored minutes once each (spans of
   * up to a day where whole ones fit, minutes at the ends; see spans.ts). Read-only: they may be
   * shared with other readers.
   */
  readRollups(ranges: readonly MinuteRange[]): CellTable[][];
  /** Raw events, newest first. */
  queryEvents(query: EventQuery): StoredEvent[];
  /** Deletes what retention no longer keeps (blocks until done, like `write`). */
  prune(policy: PrunePolicy): PruneResult;
  pruneInBackground(policy: PrunePolicy, done: (error: Error | undefined) => void): void;
  /** Blocks until every background write and prune is done and its `done` has run. */
  waitForWrites(): void;
  close(): void;
}

export interface StoredState {
  dimensions: DimensionEntry[];
  seconds: TimedTable[];
  minutes: TimedTable[];
  /** Call-timing slots starting at or after `sinceSecond`. */
  timings: TimingSlotRecord[];
}

export interface FlushBatch extends DirtySet {
  /** Raw events for drill-down. */
  events: SipEvent[];
  /** Keep at most this many raw events: older ones go in the same transaction. */
  maxEvents?: number;
  /** Call-timing slots that changed (each replaces the stored one of its start and trunk). */
  timings?: TimingSlotRecord[];
}

/** Minute numbers (ms / 60000), [from, to). */
export interface MinuteRange {
  from: number;
  to: number;
}

export interface EventQuery {
  code?: number;
  trunk?: string;
  source?: string;
  method?: string;
  callId?: string;
  /** Event time range, ms. */
  from?: number;
  to?: number;
  /** Only ids below this one (the page cursor). */
  beforeId?: number;
  limit: number;
}

export interface PrunePolicy {
  /** Drop 1-second rollups before this second. */
  secondsBefore: number;
  /** Drop minute rollups before this minute. */
  minutesBefore: number;
  /** Drop raw events with an event time before this, ms. */
  eventsBefore: number;
  /** Keep at most this many raw events. */
  maxEvents: number;
  /** Drop call-timing slots that start before this, ms. */
  timingsBefore: number;
}

export interface PruneResult {
  seconds: number;
  minutes: number;
  events: number;
  timings: number;
}

/** A database that cannot be opened, read or written; the message says which file and what to do. */
export class StoreOpenError extends Error {
  override name = 'StoreOpenError';
}
