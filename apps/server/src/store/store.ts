import type { DimensionEntry } from '../core/dimensions.js';
import type { DirtySet, TimedTable } from '../core/aggregator.js';
import type { TimingSlotRecord } from '../core/call-timing.js';
import type { CellTable } from '../core/cell-table.js';
import type { RunSpan } from '../core/run-gaps.js';
import type { StoredEvent } from '@sipwatch/wire';
import type { SipEvent } from '@sipwatch/wire';
import type { CallSummary, CapturedMessage } from '@sipwatch/wire';

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
   * the order asked; this one blocks until written (tests, shutdown) and throws when nothing was
   * (or, WriteRetainedError, when that is not known: the store then sends it again itself).
   */
  write(batch: FlushBatch): void;
  /**
   * The same without blocking: the batch is taken now; `done` runs once it is written (error
   * undefined) or not. It runs before any later blocking call returns. Either way, an error other
   * than WriteRetainedError means nothing of the batch was written.
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
  /** Records a start of the server at `at` (its run record); returns the run's id for `FlushBatch.run`. */
  startRun(at: number): number;
  /** Every run record kept, its end the time of its newest flush. */
  readRuns(): RunSpan[];
  /** Raw events, newest first. */
  queryEvents(query: EventQuery): StoredEvent[];
  /** Kept calls, newest first (see core/call-capture.ts). */
  queryCalls(query: CallQuery): StoredCall[];
  /** One kept call and its messages in capture order; undefined when not kept. */
  readCall(callId: string): { call: CallSummary; messages: CapturedMessage[] } | undefined;
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
  /** Whole calls chosen for keeping, and messages of calls kept before. */
  calls?: CallsWrite;
  /** This run's newest flush (its run record's end moves to `at`). */
  run?: { id: number; at: number };
}

/** A kept call as written: what CallSummary says beyond what its messages tell. */
export type CallRecord = Omit<CallSummary, 'startedAt' | 'lastAt' | 'messages' | 'truncated'>;

/** A kept call as read back: its record and what its stored messages say. */
export function keptCallSummary(
  record: CallRecord,
  row: { startedAt: number; lastAt: number; messages: number; truncated: boolean },
): CallSummary {
  return { ...record, ...row };
}

export interface CallsWrite {
  calls: {
    record: CallRecord;
    fromUser?: string;
    toUser?: string;
    messages: CapturedMessage[];
    truncated: boolean;
  }[];
  /** `from`: the place in the call of the first message (the cluster's copy is keyed by it). */
  appends: { callId: string; from: number; messages: CapturedMessage[]; truncated: boolean }[];
  /** Keep at most this many calls: the oldest go in the same transaction. */
  maxStored: number;
}

export interface CallQuery {
  callId?: string;
  /** Prefixes of the From/To user parts; `number` matches either. */
  fromUser?: string;
  toUser?: string;
  number?: string;
  trunk?: string;
  code?: number;
  /** Start time range, ms. */
  from?: number;
  to?: number;
  beforeId?: number;
  limit: number;
}

export interface StoredCall extends CallSummary {
  /** The page cursor. */
  id: number;
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
  /** Drop minute rollups before this minute (and run records that ended before it). */
  minutesBefore: number;
  /** Drop raw events with an event time before this, ms. */
  eventsBefore: number;
  /** Keep at most this many raw events. */
  maxEvents: number;
  /** Drop call-timing slots that start before this, ms. */
  timingsBefore: number;
  /** Drop kept calls that started before this, ms, and keep at most `maxCalls`. */
  callsBefore?: number;
  maxCalls?: number;
}

export interface PruneResult {
  seconds: number;
  minutes: number;
  events: number;
  timings: number;
  calls: number;
}

/** A database that cannot be opened, read or written; the message says which file and what to do. */
export class StoreOpenError extends Error {
  override name = 'StoreOpenError';
}

/**
 * A write failed and whether it was committed is not known (the writer thread hung or died): the
 * store keeps the batch and sends it again, under the same sequence number, before any other.
 * The caller must not give its changes back for the next flush: that would count them twice.
 */
export class WriteRetainedError extends Error {
  override name = 'WriteRetainedError';
  constructor(override readonly cause: Error) {
    super(cause.message);
  }
}
