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
 * state (see `CallTrackerOptions`).
 */
export interface CallTrackerOptions {
    maxCalls: number;
    /** A call with an INVITE but no final response yet is forgotten after this long without traffic. */
    pendingTimeoutMs: number;
    /** An answered call (a dialog) is forgotten after this long without traffic. */
    dialogTimeoutMs: number;
    /** A call that ended (failed, or answered and then BYE'd) is kept this long for retransmissions. */
    lingerMs: number;
}
export declare const DEFAULT_CALL_TRACKER_OPTIONS: CallTrackerOptions;
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
export declare const CALL_RESULTS: readonly ["answered", "failed", "abandoned"];
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
export interface CallTrackerStats {
    /** Calls forgotten because the table was full. */
    evicted: number;
    /** Calls forgotten with an INVITE still unanswered. */
    timedOut: number;
}
export declare class CallTracker {
    private readonly calls;
    /**
     * Least recently active first: every touch appends (callId, stamp); entries whose stamp no longer
     * matches the call are skipped. Cheaper than re-inserting into the Map (whose deleted slots make
     * finding the oldest entry slow) and compacted by sweep().
     */
    private recencyIds;
    private recencyStamps;
    private recencyHead;
    private stampCounter;
    private readonly opts;
    readonly stats: CallTrackerStats;
    constructor(options?: Partial<CallTrackerOptions>);
    /** Calls currently held. */
    get size(): number;
    request(req: TrackedRequest, now: number): void;
    response(res: TrackedResponse, now: number): ResponseVerdict;
    /** Forgets expired calls; returns how many went. Call it about once a second. */
    sweep(now: number): number;
    private outcomeOf;
    /** The call, created if new, marked as the most recently active. */
    private touch;
    private evictLeastRecent;
    /** Drops the stale entries of the recency list. */
    private compactRecency;
    private transaction;
    private refreshExpiry;
}
