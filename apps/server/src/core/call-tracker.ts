import { CHALLENGE_CODES } from '@sipwatch/codes';
import { Hash53 } from './hash53.js';
import type { HashSeed } from './hash53.js';

/**
 * Per-call truth from a stream of SIP requests and responses (what a HEP capture sees). Pure: the
 * caller passes event times and "now"; nothing here reads a clock or does I/O.
 *
 * Rules:
 * - a call attempt is an initial INVITE (no To tag); its outcome is the first final response to it,
 *   except a 401/407 challenge: the caller's retry with credentials (a new CSeq, still no To tag)
 *   continues the same attempt, and its timing still starts at the first INVITE;
 * - a response already seen for the same transaction (CSeq number + method) with the same code is a
 *   retransmission (or a second copy of the same reply) and is reported as such, so it counts once;
 * - a 487 answering an INVITE after the caller's CANCEL for that Call-ID is an abandoned call (when
 *   only responses are seen, any 487 to an initial INVITE is, as nothing else ends an INVITE so);
 * - re-INVITEs and other in-dialog requests (To tag present) are never attempts. When only responses
 *   are seen, an INVITE response whose CSeq equals the first INVITE CSeq seen for the Call-ID is
 *   taken as the initial one.
 *
 * Memory is bounded: at most `maxCalls` calls (the least recently active is evicted), at most
 * `MAX_TRANSACTIONS` transactions per call, and every call expires after a time that depends on its
 * state (see `CallTrackerOptions`). Two Call-IDs whose 53-bit hashes collide (about 1 in 10^10 at
 * a million calls) would be taken for one call.
 */

export interface CallTrackerOptions {
  maxCalls: number;
  /** A call with an INVITE but no final response yet is forgotten after this long without traffic. */
  pendingTimeoutMs: number;
  /** An answered call (a dialog) is forgotten after this long without traffic. */
  dialogTimeoutMs: number;
  /** A call that ended (failed, or answered and then BYE'd) is kept this long for retransmissions. */
  lingerMs: number;
  /** Seed of the Call-ID hashes that key the table (see Hash53). */
  hashSeed?: HashSeed;
}

export const DEFAULT_CALL_TRACKER_OPTIONS: CallTrackerOptions = {
  maxCalls: 50_000,
  pendingTimeoutMs: 5 * 60_000,
  dialogTimeoutMs: 2 * 60 * 60_000,
  // 64 × T1: how long a UAS retransmits a final response (RFC 3261 §17.2.1).
  lingerMs: 32_000,
};

const MAX_TRANSACTIONS = 32;

export interface TrackedRequest {
  ts: number;
  callId: string;
  method: string;
  cseq: number;
  hasToTag: boolean;
  trunk?: string;
}

export interface TrackedResponse {
  ts: number;
  callId: string;
  code: number;
  /** Method from CSeq. */
  method: string;
  cseq: number;
  trunk?: string;
}

export interface ResponseVerdict {
  /** Whether the answered request was in-dialog; undefined when the tracker cannot tell. */
  inDialog?: boolean;
  /**
   * Only for a 487 to an INVITE: true after the caller's CANCEL, false when the INVITE was seen and no
   * CANCEL, undefined when the tracker saw neither (it cannot tell).
   */
  cancelled?: boolean;
  /** The same transaction already got a response with this code: count it once. */
  retransmission: boolean;
  /** Set when this response is the outcome of a call attempt (first final to an initial INVITE). */
  outcome?: CallOutcome;
}

export const CALL_RESULTS = ['answered', 'failed', 'abandoned'] as const;
export type CallResult = (typeof CALL_RESULTS)[number];

export interface CallOutcome {
  callId: string;
  code: number;
  result: CallResult;
  /** Time of the final response. */
  ts: number;
  trunk?: string;
  /** INVITE → first 18x; only when both were seen. */
  pddMs?: number;
  /** INVITE → final response; only when the INVITE was seen. */
  setupMs?: number;
}

/*
 * Calls and transactions are the tracker's only long-lived objects (50,000 calls by default), so
 * they are kept small and of one shape: every field is set at creation, codes are packed into a
 * number and transactions are a list, not arrays (an array that grows reserves 17 slots).
 */

interface Transaction {
  cseq: number;
  method: string;
  inDialog: boolean | undefined;
  /** Codes already reported for this transaction, packed (see `withCode`). */
  codes: number;
  older: Transaction | undefined;
}

interface Call {
  /** CSeq number of the initial INVITE (from the request, or the first INVITE response seen). */
  initialCseq: number | undefined;
  inviteAt: number | undefined;
  firstRingingAt: number | undefined;
  cancelled: boolean;
  /** The last final to the attempt was 401/407: the caller's next INVITE (new CSeq) continues it. */
  challenged: boolean;
  outcome: CallResult | undefined;
  ended: boolean;
  trunk: string | undefined;
  /** Few per call (an INVITE, its CANCEL, a BYE); newest first. */
  transactions: Transaction | undefined;
  expiresAt: number;
  /** Bumped on every touch; an entry of `recency` with an older stamp is stale. */
  stamp: number;
}

export interface CallTrackerStats {
  /** Calls forgotten because the table was full. */
  evicted: number;
  /** Calls forgotten with an INVITE still unanswered. */
  timedOut: number;
}

export class CallTracker {
  /**
   * Keyed by a hash of the Call-ID, not the Call-ID: parsers hand over Call-IDs sliced from the
   * message text, and a table of 50,000 such slices keeps 50,000 whole messages alive.
   */
  private readonly calls = new Map<number, Call>();
  private readonly hash: Hash53;
  /**
   * Least recently active first: every touch appends (key, stamp); entries whose stamp no longer
   * matches the call are skipped. Cheaper than re-inserting into the Map (whose deleted slots make
   * finding the oldest entry slow) and compacted by sweep().
   */
  private recencyKeys: number[] = [];
  private recencyStamps: number[] = [];
  private recencyHead = 0;
  private stampCounter = 0;
  private readonly opts: CallTrackerOptions;
  readonly stats: CallTrackerStats = { evicted: 0, timedOut: 0 };

  constructor(options: Partial<CallTrackerOptions> = {}) {
    this.opts = { ...DEFAULT_CALL_TRACKER_OPTIONS, ...options };
    this.hash = new Hash53(options.hashSeed);
  }

  /** Calls currently held. */
  get size(): number {
    return this.calls.size;
  }

  request(req: TrackedRequest, now: number): void {
    const method = req.method;
    const initialInvite = method === 'INVITE' && !req.hasToTag;
    const key = this.keyOf(req.callId);
    // A request that starts nothing (an in-dialog request of a call we never saw) is not worth a slot.
    if (!this.calls.has(key) && !initialInvite && method !== 'CANCEL') return;
    const call = this.touch(key, now);
    if (req.trunk !== undefined) call.trunk ??= req.trunk;
    if (method === 'CANCEL') {
      call.cancelled = true;
    } else if (method !== 'ACK') {
      const tx = this.transaction(call, req.cseq, method);
      tx.inDialog ??= req.hasToTag;
      if (initialInvite && (call.initialCseq === undefined || call.challenged)) {
        call.initialCseq = req.cseq;
        call.challenged = false;
      }
      if (initialInvite && req.cseq === call.initialCseq) call.inviteAt ??= req.ts;
    }
    this.refreshExpiry(call, now);
  }

  response(res: TrackedResponse, now: number): ResponseVerdict {
    const key = this.keyOf(res.callId);
    const isInvite = res.method === 'INVITE';
    if (!isInvite && !this.calls.has(key)) {
      return { inDialog: IN_DIALOG_ONLY.has(res.method) ? true : undefined, retransmission: false };
    }
    const call = this.touch(key, now);
    if (res.trunk !== undefined) call.trunk ??= res.trunk;
    if (isInvite && res.cseq !== call.initialCseq && (call.initialCseq === undefined || call.challenged)) {
      // The first INVITE seen, or the caller's retry with credentials after a challenge.
      call.initialCseq = res.cseq;
      call.challenged = false;
    }
    const tx = this.transaction(call, res.cseq, res.method);
    if (tx.inDialog === undefined) {
      if (isInvite) tx.inDialog = res.cseq !== call.initialCseq;
      else if (IN_DIALOG_ONLY.has(res.method)) tx.inDialog = true;
    }
    const retransmission = hasCode(tx.codes, res.code);
    if (!retransmission) tx.codes = withCode(tx.codes, res.code);
    const verdict: ResponseVerdict = { inDialog: tx.inDialog, retransmission };
    if (isInvite && res.code === 487) {
      if (call.cancelled) verdict.cancelled = true;
      else if (call.inviteAt !== undefined) verdict.cancelled = false;
    }

    const initial = isInvite && tx.inDialog === false;
    if (initial && !retransmission) {
      if (res.code >= 180 && res.code < 190 && call.inviteAt !== undefined) call.firstRingingAt ??= res.ts;
      if (CHALLENGE_CODES.includes(res.code) && call.outcome === undefined) {
        // Not an outcome: the caller retries the INVITE with credentials.
        call.challenged = true;
      } else if (res.code >= 200 && call.outcome === undefined) {
        // A 487 to an INVITE only follows a CANCEL; without the requests it is still taken as one.
        const abandoned = res.code === 487 && verdict.cancelled !== false;
        call.outcome = res.code < 300 ? 'answered' : abandoned ? 'abandoned' : 'failed';
        if (call.outcome !== 'answered') call.ended = true;
        verdict.outcome = this.outcomeOf(call, res);
      }
    }
    if (res.method === 'BYE' && res.code >= 200) call.ended = true;
    this.refreshExpiry(call, now);
    return verdict;
  }

  /** Forgets expired calls; returns how many went. Call it about once a second. */
  sweep(now: number): number {
    let removed = 0;
    for (const [id, call] of this.calls) {
      if (call.expiresAt > now) continue;
      if (call.outcome === undefined && call.inviteAt !== undefined) this.stats.timedOut++;
      this.calls.delete(id);
      removed++;
    }
    this.compactRecency();
    return removed;
  }

  private outcomeOf(call: Call, res: TrackedResponse): CallOutcome {
    const outcome: CallOutcome = { callId: res.callId, code: res.code, result: call.outcome!, ts: res.ts };
    if (call.trunk !== undefined) outcome.trunk = call.trunk;
    if (call.inviteAt !== undefined) {
      outcome.setupMs = Math.max(0, res.ts - call.inviteAt);
      if (call.firstRingingAt !== undefined) outcome.pddMs = Math.max(0, call.firstRingingAt - call.inviteAt);
    }
    return outcome;
  }

  /** The call, created if new, marked as the most recently active. */
  private touch(key: number, now: number): Call {
    let call = this.calls.get(key);
    if (!call) {
      if (this.calls.size >= this.opts.maxCalls) this.evictLeastRecent();
      call = {
        initialCseq: undefined,
        inviteAt: undefined,
        firstRingingAt: undefined,
        cancelled: false,
        challenged: false,
        outcome: undefined,
        ended: false,
        trunk: undefined,
        transactions: undefined,
        expiresAt: now + this.opts.pendingTimeoutMs,
        stamp: 0,
      };
      this.calls.set(key, call);
    }
    call.stamp = ++this.stampCounter;
    this.recencyKeys.push(key);
    this.recencyStamps.push(call.stamp);
    // Touches outnumber calls; keep the list within a small multiple of the table.
    if (this.recencyKeys.length - this.recencyHead > 4 * this.opts.maxCalls + 1024) this.compactRecency();
    return call;
  }

  private evictLeastRecent(): void {
    while (this.recencyHead < this.recencyKeys.length) {
      const i = this.recencyHead++;
      const key = this.recencyKeys[i]!;
      const call = this.calls.get(key);
      if (call && call.stamp === this.recencyStamps[i]) {
        this.calls.delete(key);
        this.stats.evicted++;
        return;
      }
    }
  }

  /** Drops the stale entries of the recency list. */
  private compactRecency(): void {
    const keys: number[] = [];
    const stamps: number[] = [];
    for (let i = this.recencyHead; i < this.recencyKeys.length; i++) {
      const key = this.recencyKeys[i]!;
      const stamp = this.recencyStamps[i]!;
      if (this.calls.get(key)?.stamp === stamp) {
        keys.push(key);
        stamps.push(stamp);
      }
    }
    this.recencyKeys = keys;
    this.recencyStamps = stamps;
    this.recencyHead = 0;
  }

  private keyOf(callId: string): number {
    return this.hash.reset().string(callId).value();
  }

  private transaction(call: Call, cseq: number, method: string): Transaction {
    let held = 0;
    for (let tx = call.transactions; tx !== undefined; tx = tx.older) {
      if (tx.cseq === cseq && tx.method === method) return tx;
      held++;
    }
    if (held >= MAX_TRANSACTIONS) {
      // Forget the oldest: keep the newest MAX_TRANSACTIONS - 1 and add this one.
      let tx = call.transactions!;
      for (let i = 1; i < MAX_TRANSACTIONS - 1; i++) tx = tx.older!;
      tx.older = undefined;
    }
    const tx: Transaction = { cseq, method, inDialog: undefined, codes: 0, older: call.transactions };
    call.transactions = tx;
    return tx;
  }

  private refreshExpiry(call: Call, now: number): void {
    const ttl = call.ended
      ? this.opts.lingerMs
      : call.outcome === 'answered'
        ? this.opts.dialogTimeoutMs
        : this.opts.pendingTimeoutMs;
    call.expiresAt = now + ttl;
  }
}

/**
 * The codes of a transaction are kept as base-1024 digits of one number (SIP codes are below 1000;
 * 0 is no code): the newest CODES_KEPT, which is more distinct codes than one request gets in
 * practice (100, 180, 183, a final).
 */
const CODES_KEPT = 5;
const CODE_BASE = 1024;
const KEEP_AFTER_SHIFT = CODE_BASE ** (CODES_KEPT - 1);

function hasCode(packed: number, code: number): boolean {
  for (let p = packed; p > 0; p = Math.floor(p / CODE_BASE)) if (p % CODE_BASE === code) return true;
  return false;
}

function withCode(packed: number, code: number): number {
  return (packed % KEEP_AFTER_SHIFT) * CODE_BASE + code;
}

/** Methods RFC 3261/3262/3311/6086 only allow inside a dialog. */
const IN_DIALOG_ONLY: ReadonlySet<string> = new Set(['BYE', 'ACK', 'PRACK', 'UPDATE', 'INFO']);
