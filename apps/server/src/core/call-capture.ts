import { Hash53 } from './hash53.js';
import type { HashSeed } from './hash53.js';
import type { CallResult } from './call-tracker.js';

/**
 * Which whole calls are kept, and their messages until they are written. Pure: the caller passes
 * the messages, the call outcomes (from the call tracker) and "now"; nothing here does I/O.
 *
 * Messages of a call wait in a bounded buffer until the call has an outcome. Then:
 * - a failed call is kept while the budget of the minute (of "now") lasts: at most
 *   `failedPerMinute` failed calls a minute, however many fail;
 * - an answered or abandoned call is kept when its Call-ID's hash falls in the sampled share
 *   (`sampleShare`, 0 to 1): the same call is chosen on every node that sees it.
 * - a call that never gets a final response (the far end silent, no 408 sent) is kept as failed,
 *   within the same budget, once it has been quiet for `pendingTimeoutMs` (its outcome has
 *   no code);
 * The messages of a kept call that follow (the ACK, retransmissions, the BYE) are kept with it,
 * up to `maxMessagesPerCall`, until the call has been quiet for `lingerMs` (or, answered and not
 * yet ended, `dialogTimeoutMs`). A call that is not kept is forgotten at once.
 *
 * Memory is bounded: at most `maxPendingCalls` calls and `maxPendingBytes` of messages wait for
 * an outcome (the oldest call is dropped first), at most `maxKeptCalls` kept calls are followed,
 * and what waits to be written is bounded by the budget and by `maxPendingBytes` again.
 */

export interface CallCaptureOptions {
  failedPerMinute: number;
  /** Share of answered and abandoned calls kept, 0 to 1. */
  sampleShare: number;
  maxMessagesPerCall: number;
  maxPendingCalls: number;
  maxPendingBytes: number;
  /** A call with no outcome is forgotten after this long without a message. */
  pendingTimeoutMs: number;
  /** A kept call that ended (or failed) is followed this long after its last message. */
  lingerMs: number;
  /** A kept answered call not yet ended is followed this long after its last message. */
  dialogTimeoutMs: number;
  maxKeptCalls: number;
  hashSeed?: HashSeed;
}

/** The outcome of a call attempt, as the call tracker reports it, with what the shell adds. */
export interface CaptureOutcome {
  callId: string;
  /** The final response's code; undefined: the call never got one. */
  code: number | undefined;
  reason?: string;
  result: CallResult;
  trunk?: string;
  source: string;
  pddMs?: number;
  setupMs?: number;
}

/** A call chosen for keeping, with the messages it had when chosen. */
export interface KeptCall<M> {
  outcome: CaptureOutcome;
  messages: M[];
  truncated: boolean;
}

/** Messages of a call kept earlier (written after it). */
export interface CallAppend<M> {
  callId: string;
  /** The place in the call of the first of these messages (0 is the call's first message kept). */
  from: number;
  messages: M[];
  truncated: boolean;
}

export interface CaptureBatch<M> {
  calls: KeptCall<M>[];
  appends: CallAppend<M>[];
}

export interface CallCaptureStats {
  /** Calls kept, by why. */
  keptFailed: number;
  keptSampled: number;
  /** Of the failed ones: calls kept with no final response (when their buffer timed out). */
  keptUnanswered: number;
  /** Failed calls not kept because the minute's budget was spent. */
  overBudget: number;
  /** Calls whose messages were dropped from the buffer before their outcome (memory bounds). */
  pendingDropped: number;
  /** Messages not kept because the call had maxMessagesPerCall already. */
  messagesTruncated: number;
  /** Messages of kept calls not kept because maxPendingBytes waited to be written already. */
  writeDropped: number;
}

interface Pending<M> {
  messages: M[];
  bytes: number;
  lastAt: number;
  truncated: boolean;
  /** The outcome kept when no final response comes. */
  unanswered: (() => CaptureOutcome) | undefined;
}

interface Following {
  count: number;
  answered: boolean;
  ended: boolean;
  lastAt: number;
}

export class CallCapture<M> {
  /** Insertion order is age: the oldest call is the first key. */
  private readonly pending = new Map<string, Pending<M>>();
  private pendingBytes = 0;
  private readonly following = new Map<string, Following>();
  private queue: CaptureBatch<M> = { calls: [], appends: [] };
  private queuedBytes = 0;
  private budgetMinute = -1;
  private budgetUsed = 0;
  private readonly hash: Hash53;
  private readonly sampleBelow: number;
  readonly stats: CallCaptureStats = {
    keptFailed: 0,
    keptSampled: 0,
    keptUnanswered: 0,
    overBudget: 0,
    pendingDropped: 0,
    messagesTruncated: 0,
    writeDropped: 0,
  };

  constructor(private readonly opts: CallCaptureOptions) {
    this.hash = new Hash53(opts.hashSeed);
    this.sampleBelow = Math.max(0, Math.min(1, opts.sampleShare)) * 2 ** 53;
  }

  /** Calls waiting for an outcome, and kept calls still followed. */
  get size(): { pending: number; following: number } {
    return { pending: this.pending.size, following: this.following.size };
  }

  /**
   * One SIP message of `callId`. `make` builds the message to keep; it runs only when the message
   * is kept, so a message of a call that is not followed costs no allocation here. `mayStart`: the
   * message may open the buffer of a call (the HEP shell passes it for an initial INVITE); `ends`: a
   * final response to a BYE. `result` and `describe`: the call attempt's outcome, when this message is
   * it (the call is then kept or forgotten at once; `describe` runs only for a call kept).
   * `unanswered`: with `mayStart`, the outcome of the call if no final response ever comes.
   */
  message(
    callId: string,
    make: () => M,
    bytes: number,
    mayStart: boolean,
    ends: boolean,
    now: number,
    result?: CallResult,
    describe?: () => CaptureOutcome,
    unanswered?: () => CaptureOutcome,
  ): void {
    const followed = this.following.get(callId);
    if (followed) {
      followed.lastAt = now;
      if (ends) followed.ended = true;
      if (followed.count >= this.opts.maxMessagesPerCall) {
        this.stats.messagesTruncated++;
        this.append(callId, followed.count, undefined, 0);
        return;
      }
      if (this.append(callId, followed.count, make(), bytes)) followed.count++;
      return;
    }
    let p = this.pending.get(callId);
    if (!p) {
      if (result !== undefined && describe) {
        // The outcome is the first message seen of the call (a capture of replies only).
        if (this.chosen(callId, result, now)) this.keep(describe(), [make()], bytes, false, now);
        return;
      }
      if (!mayStart) return;
      if (this.pending.size >= this.opts.maxPendingCalls) this.dropOldestPending();
      p = { messages: [], bytes: 0, lastAt: now, truncated: false, unanswered };
      this.pending.set(callId, p);
    }
    p.lastAt = now;
    if (p.messages.length >= this.opts.maxMessagesPerCall) {
      p.truncated = true;
      this.stats.messagesTruncated++;
    } else {
      p.messages.push(make());
      p.bytes += bytes;
      this.pendingBytes += bytes;
    }
    if (result !== undefined && describe) this.decide(callId, result, describe, now);
    else
      while (this.pendingBytes > this.opts.maxPendingBytes && this.pending.size > 0) this.dropOldestPending();
  }

  /** The outcome of a call whose messages wait: keep them (for the next take) or forget them. */
  private decide(callId: string, result: CallResult, describe: () => CaptureOutcome, now: number): void {
    const p = this.pending.get(callId);
    if (!p) return;
    this.pending.delete(callId);
    this.pendingBytes -= p.bytes;
    if (this.chosen(callId, result, now)) this.keep(describe(), p.messages, p.bytes, p.truncated, now);
  }

  private keep(o: CaptureOutcome, messages: M[], bytes: number, truncated: boolean, now: number): void {
    if (this.following.size >= this.opts.maxKeptCalls) {
      // The oldest followed call stops growing; what it has is written already.
      const oldest = this.following.keys().next().value;
      if (oldest !== undefined) this.following.delete(oldest);
    }
    this.following.set(o.callId, {
      count: messages.length,
      answered: o.result === 'answered',
      ended: o.result !== 'answered',
      lastAt: now,
    });
    this.queue.calls.push({ outcome: o, messages, truncated });
    this.queuedBytes += bytes;
  }

  private chosen(callId: string, result: CallResult, now: number): boolean {
    if (result === 'failed') {
      const minute = Math.floor(now / 60_000);
      if (minute !== this.budgetMinute) {
        this.budgetMinute = minute;
        this.budgetUsed = 0;
      }
      if (this.budgetUsed >= this.opts.failedPerMinute) {
        this.stats.overBudget++;
        return false;
      }
      this.budgetUsed++;
      this.stats.keptFailed++;
      return true;
    }
    if (this.hash.reset().string(callId).value() >= this.sampleBelow) return false;
    this.stats.keptSampled++;
    return true;
  }

  /** What waits to be written, taken (the next flush writes it). */
  take(): CaptureBatch<M> {
    const out = this.queue;
    this.queue = { calls: [], appends: [] };
    this.queuedBytes = 0;
    return out;
  }

  /**
   * Ends the collection of calls that went quiet: a call with no final response is kept as an
   * unanswered failure (within the budget) or forgotten. Call it about once a second.
   */
  sweep(now: number): void {
    for (const [callId, p] of this.pending) {
      if (now - p.lastAt < this.opts.pendingTimeoutMs) continue;
      this.pending.delete(callId);
      this.pendingBytes -= p.bytes;
      if (p.unanswered && this.chosen(callId, 'failed', now)) {
        this.stats.keptUnanswered++;
        this.keep(p.unanswered(), p.messages, p.bytes, p.truncated, now);
      }
    }
    for (const [callId, f] of this.following) {
      const ttl = f.answered && !f.ended ? this.opts.dialogTimeoutMs : this.opts.lingerMs;
      if (now - f.lastAt >= ttl) this.following.delete(callId);
    }
  }

  /** Queues a message of a followed call at place `at`; false when it was dropped for memory. */
  private append(callId: string, at: number, message: M | undefined, bytes: number): boolean {
    if (message !== undefined && this.queuedBytes + bytes > this.opts.maxPendingBytes) {
      this.stats.writeDropped++;
      return false;
    }
    const last = this.queue.appends.at(-1);
    let a = last?.callId === callId && last.from + last.messages.length === at ? last : undefined;
    if (!a) {
      a = { callId, from: at, messages: [], truncated: false };
      this.queue.appends.push(a);
    }
    if (message === undefined) a.truncated = true;
    else {
      a.messages.push(message);
      this.queuedBytes += bytes;
    }
    return true;
  }

  private dropOldestPending(): void {
    const oldest = this.pending.entries().next().value;
    if (!oldest) return;
    this.pending.delete(oldest[0]);
    this.pendingBytes -= oldest[1].bytes;
    this.stats.pendingDropped++;
  }
}
