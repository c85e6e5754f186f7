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
export const DEFAULT_CALL_TRACKER_OPTIONS = {
    maxCalls: 50_000,
    pendingTimeoutMs: 5 * 60_000,
    dialogTimeoutMs: 2 * 60 * 60_000,
    // 64 × T1: how long a UAS retransmits a final response (RFC 3261 §17.2.1).
    lingerMs: 32_000,
};
const MAX_TRANSACTIONS = 32;
const MAX_CODES_PER_TRANSACTION = 8;
export const CALL_RESULTS = ['answered', 'failed', 'abandoned'];
export class CallTracker {
    calls = new Map();
    /**
     * Least recently active first: every touch appends (callId, stamp); entries whose stamp no longer
     * matches the call are skipped. Cheaper than re-inserting into the Map (whose deleted slots make
     * finding the oldest entry slow) and compacted by sweep().
     */
    recencyIds = [];
    recencyStamps = [];
    recencyHead = 0;
    stampCounter = 0;
    opts;
    stats = { evicted: 0, timedOut: 0 };
    constructor(options = {}) {
        this.opts = { ...DEFAULT_CALL_TRACKER_OPTIONS, ...options };
    }
    /** Calls currently held. */
    get size() {
        return this.calls.size;
    }
    request(req, now) {
        const method = req.method;
        const initialInvite = method === 'INVITE' && !req.hasToTag;
        // A request that starts nothing (an in-dialog request of a call we never saw) is not worth a slot.
        if (!this.calls.has(req.callId) && !initialInvite && method !== 'CANCEL')
            return;
        const call = this.touch(req.callId, now);
        if (req.trunk !== undefined)
            call.trunk ??= req.trunk;
        if (method === 'CANCEL') {
            call.cancelled = true;
        }
        else if (method !== 'ACK') {
            const tx = this.transaction(call, req.cseq, method);
            tx.inDialog ??= req.hasToTag;
            if (initialInvite && (call.initialCseq === undefined || call.challenged)) {
                call.initialCseq = req.cseq;
                call.challenged = false;
            }
            if (initialInvite && req.cseq === call.initialCseq)
                call.inviteAt ??= req.ts;
        }
        this.refreshExpiry(call, now);
    }
    response(res, now) {
        const known = this.calls.get(res.callId);
        const isInvite = res.method === 'INVITE';
        if (!known && !isInvite) {
            return { inDialog: IN_DIALOG_ONLY.has(res.method) ? true : undefined, retransmission: false };
        }
        const call = this.touch(res.callId, now);
        if (res.trunk !== undefined)
            call.trunk ??= res.trunk;
        if (isInvite && res.cseq !== call.initialCseq && (call.initialCseq === undefined || call.challenged)) {
            // The first INVITE seen, or the caller's retry with credentials after a challenge.
            call.initialCseq = res.cseq;
            call.challenged = false;
        }
        const tx = this.transaction(call, res.cseq, res.method);
        if (tx.inDialog === undefined) {
            if (isInvite)
                tx.inDialog = res.cseq !== call.initialCseq;
            else if (IN_DIALOG_ONLY.has(res.method))
                tx.inDialog = true;
        }
        const retransmission = tx.codes.includes(res.code);
        if (!retransmission) {
            if (tx.codes.length >= MAX_CODES_PER_TRANSACTION)
                tx.codes.shift();
            tx.codes.push(res.code);
        }
        const verdict = { inDialog: tx.inDialog, retransmission };
        if (isInvite && res.code === 487) {
            if (call.cancelled)
                verdict.cancelled = true;
            else if (call.inviteAt !== undefined)
                verdict.cancelled = false;
        }
        const initial = isInvite && tx.inDialog === false;
        if (initial && !retransmission) {
            if (res.code >= 180 && res.code < 190 && call.inviteAt !== undefined)
                call.firstRingingAt ??= res.ts;
            if (CHALLENGES.has(res.code) && call.outcome === undefined) {
                // Not an outcome: the caller retries the INVITE with credentials.
                call.challenged = true;
            }
            else if (res.code >= 200 && call.outcome === undefined) {
                // A 487 to an INVITE only follows a CANCEL; without the requests it is still taken as one.
                const abandoned = res.code === 487 && verdict.cancelled !== false;
                call.outcome = res.code < 300 ? 'answered' : abandoned ? 'abandoned' : 'failed';
                if (call.outcome !== 'answered')
                    call.ended = true;
                verdict.outcome = this.outcomeOf(call, res);
            }
        }
        if (res.method === 'BYE' && res.code >= 200)
            call.ended = true;
        this.refreshExpiry(call, now);
        return verdict;
    }
    /** Forgets expired calls; returns how many went. Call it about once a second. */
    sweep(now) {
        let removed = 0;
        for (const [id, call] of this.calls) {
            if (call.expiresAt > now)
                continue;
            if (call.outcome === undefined && call.inviteAt !== undefined)
                this.stats.timedOut++;
            this.calls.delete(id);
            removed++;
        }
        this.compactRecency();
        return removed;
    }
    outcomeOf(call, res) {
        const outcome = { callId: call.callId, code: res.code, result: call.outcome, ts: res.ts };
        if (call.trunk !== undefined)
            outcome.trunk = call.trunk;
        if (call.inviteAt !== undefined) {
            outcome.setupMs = Math.max(0, res.ts - call.inviteAt);
            if (call.firstRingingAt !== undefined)
                outcome.pddMs = Math.max(0, call.firstRingingAt - call.inviteAt);
        }
        return outcome;
    }
    /** The call, created if new, marked as the most recently active. */
    touch(callId, now) {
        let call = this.calls.get(callId);
        if (!call) {
            if (this.calls.size >= this.opts.maxCalls)
                this.evictLeastRecent();
            call = {
                callId,
                cancelled: false,
                challenged: false,
                ended: false,
                transactions: [],
                expiresAt: now + this.opts.pendingTimeoutMs,
                stamp: 0,
            };
            this.calls.set(callId, call);
        }
        call.stamp = ++this.stampCounter;
        this.recencyIds.push(callId);
        this.recencyStamps.push(call.stamp);
        // Touches outnumber calls; keep the list within a small multiple of the table.
        if (this.recencyIds.length - this.recencyHead > 4 * this.opts.maxCalls + 1024)
            this.compactRecency();
        return call;
    }
    evictLeastRecent() {
        while (this.recencyHead < this.recencyIds.length) {
            const i = this.recencyHead++;
            const callId = this.recencyIds[i];
            const call = this.calls.get(callId);
            if (call && call.stamp === this.recencyStamps[i]) {
                this.calls.delete(callId);
                this.stats.evicted++;
                return;
            }
        }
    }
    /** Drops the stale entries of the recency list. */
    compactRecency() {
        const ids = [];
        const stamps = [];
        for (let i = this.recencyHead; i < this.recencyIds.length; i++) {
            const callId = this.recencyIds[i];
            const stamp = this.recencyStamps[i];
            if (this.calls.get(callId)?.stamp === stamp) {
                ids.push(callId);
                stamps.push(stamp);
            }
        }
        this.recencyIds = ids;
        this.recencyStamps = stamps;
        this.recencyHead = 0;
    }
    transaction(call, cseq, method) {
        const list = call.transactions;
        for (let i = list.length - 1; i >= 0; i--) {
            const tx = list[i];
            if (tx.cseq === cseq && tx.method === method)
                return tx;
        }
        if (list.length >= MAX_TRANSACTIONS)
            list.shift();
        const tx = { cseq, method, codes: [] };
        list.push(tx);
        return tx;
    }
    refreshExpiry(call, now) {
        const ttl = call.ended
            ? this.opts.lingerMs
            : call.outcome === 'answered'
                ? this.opts.dialogTimeoutMs
                : this.opts.pendingTimeoutMs;
        call.expiresAt = now + ttl;
    }
}
const CHALLENGES = new Set([401, 407]);
/** Methods RFC 3261/3262/3311/6086 only allow inside a dialog. */
const IN_DIALOG_ONLY = new Set(['BYE', 'ACK', 'PRACK', 'UPDATE', 'INFO']);
//# sourceMappingURL=call-tracker.js.map