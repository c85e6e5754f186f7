import type { StorageState, StorageStatus } from '@sipwatch/wire';
import { WriteRetainedError } from './store.js';

/**
 * Whether flushes are being written, from their outcomes: the state the operator sees (/readyz,
 * /metrics, the dashboard's notice), when to try again after failures (backoff), and when a
 * change of state deserves a log line (once per state, not once per flush).
 */

/** /readyz fails when the last good flush is older than this many flush intervals. */
export const STALE_FLUSH_INTERVALS = 5;
/** Retries after failed flushes wait twice as long each time, up to this. */
const MAX_BACKOFF_MS = 30_000;

export interface FlushOutcome {
  /** The status changed (state or message): tell the dashboards, log it. */
  changed: boolean;
  /** The status before this outcome. */
  previous: StorageStatus;
}

export class StorageHealth {
  private state: StorageState = 'ok';
  private since: number;
  private message: string | null = null;
  private lastGoodAt: number | null = null;
  private retryAt = 0;
  /** Flushes that failed since the last good one. */
  failuresInRow = 0;
  /** Set by the pipeline while too much waits in memory (see Pipeline.ingest). */
  refusingIntake = false;
  /** Whether the flush timers run: without them a quiet database is not a stale one. */
  timersRunning = false;

  constructor(
    private readonly flushIntervalMs: number,
    private readonly writeTimeoutMs: number,
    now: number,
  ) {
    this.since = now;
  }

  succeeded(now: number): FlushOutcome {
    const previous = this.status(now);
    this.lastGoodAt = now;
    this.failuresInRow = 0;
    this.retryAt = 0;
    this.set('ok', null, now);
    return { changed: this.differs(previous, now), previous };
  }

  failed(now: number, error: unknown): FlushOutcome {
    const previous = this.status(now);
    this.failuresInRow++;
    const backoff = Math.min(MAX_BACKOFF_MS, this.flushIntervalMs * 2 ** (this.failuresInRow - 1));
    this.retryAt = now + backoff;
    const { state, message } = this.classify(error);
    this.set(state, message, now);
    return { changed: this.differs(previous, now), previous };
  }

  /** After failures, no background flush before this (ms); a blocking flush ignores it. */
  get nextAttemptAt(): number {
    return this.retryAt;
  }

  /** False while the last flush failed or the last good one is too old (the /readyz answer). */
  healthy(now: number): boolean {
    return this.status(now).state === 'ok';
  }

  status(now: number): StorageStatus {
    const base = {
      lastGoodFlushAt: this.lastGoodAt,
      refusingIntake: this.refusingIntake,
    };
    const staleAfter = STALE_FLUSH_INTERVALS * this.flushIntervalMs;
    const reference = this.lastGoodAt ?? this.since;
    if (this.state === 'ok' && this.timersRunning && now - reference > staleAfter) {
      return {
        ...base,
        state: 'stalled',
        since: reference + staleAfter,
        message: `no flush has been written for ${Math.round((now - reference) / 1000)} s`,
      };
    }
    return { ...base, state: this.state, since: this.since, message: this.message };
  }

  private set(state: StorageState, message: string | null, now: number): void {
    if (state !== this.state) this.since = now;
    this.state = state;
    this.message = message;
  }

  private differs(previous: StorageStatus, now: number): boolean {
    const current = this.status(now);
    return (
      current.state !== previous.state ||
      current.message !== previous.message ||
      current.refusingIntake !== previous.refusingIntake
    );
  }

  private classify(error: unknown): { state: StorageState; message: string } {
    const e = error as { code?: string; timedOut?: boolean; message?: string };
    const cause = error instanceof WriteRetainedError ? (error.cause as typeof e) : e;
    const code = cause.code ?? e.code;
    if (code === 'SQLITE_FULL') {
      return {
        state: 'disk-full',
        message:
          'the disk holding the database is full: data is not being saved (it is kept in memory and written once there is room)',
      };
    }
    if (cause.timedOut || e.timedOut) {
      return {
        state: 'stalled',
        message: `a database write did not finish within ${this.writeTimeoutMs / 1000} s; the writer was restarted`,
      };
    }
    return {
      state: 'failing',
      message: `writing the database fails: ${cause.message ?? e.message ?? String(error)}`,
    };
  }
}
