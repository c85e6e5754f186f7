/**
 * Drops retransmitted or re-delivered responses: the same Call-ID, CSeq, method, scope and code
 * arriving again within `windowMs` of the first counts once (arrival times to 100 ms). Events
 * without a Call-ID cannot be matched and always pass.
 *
 * Memory is bounded whatever arrives, and nothing is allocated per event: two generations of
 * open-addressing hash tables in typed arrays, each covering `windowMs` of arrival time. New
 * entries go into the current one; when its time is up (or it holds half of `maxEntries`) the
 * previous generation is cleared and reused. An entry therefore lives at least `windowMs`, at
 * most twice that. (A Map with per-entry deletes made V8 reallocate its backing store over and
 * over: 600,000 entries cost 250 MB of RSS.)
 *
 * Keys are 53-bit hashes, not strings: a collision (about 1 in 10^10 at a million entries) would
 * drop one event.
 */
export class Dedupe {
    windowMs;
    maxEntries;
    current = new Generation(1024);
    previous = new Generation(1024);
    generationStart;
    base;
    windowTicks;
    maxCapacity;
    duplicates = 0;
    constructor(windowMs, maxEntries) {
        this.windowMs = windowMs;
        this.maxEntries = maxEntries;
        this.windowTicks = Math.max(1, Math.ceil(windowMs / TICK_MS));
        this.maxCapacity = nextPowerOfTwo(Math.max(1024, maxEntries));
    }
    get size() {
        return this.current.count + this.previous.count;
    }
    /** Moves to a new generation when the current one's time is up; call once per batch. */
    expire(now) {
        const tick = this.ticks(now);
        this.generationStart ??= tick;
        const age = tick - this.generationStart;
        if (age < this.windowTicks)
            return;
        if (age >= 2 * this.windowTicks)
            this.current.clear();
        this.rotate(tick);
    }
    /** True when the event is new (and remembers it); false for a duplicate. */
    admit(e, now) {
        if (this.windowMs <= 0 || e.callId === undefined)
            return true;
        this.expire(now);
        const tick = this.ticks(now);
        const hash = keyHash(e) || 1;
        for (const gen of [this.current, this.previous]) {
            const at = gen.tickOf(hash);
            if (at !== undefined && (tick - at) * TICK_MS < this.windowMs) {
                this.duplicates++;
                return false;
            }
        }
        if (this.current.count * 2 >= this.maxEntries)
            this.rotate(tick);
        this.current.insert(hash, tick, this.maxCapacity);
        return true;
    }
    rotate(tick) {
        const reused = this.previous;
        reused.clear();
        this.previous = this.current;
        this.current = reused;
        this.generationStart = tick;
    }
    ticks(now) {
        this.base ??= now;
        return Math.floor((now - this.base) / TICK_MS);
    }
}
/** Arrival times are kept to this precision. */
const TICK_MS = 100;
/** Linear-probing table of hash → arrival tick; 0 marks an empty slot. */
class Generation {
    keys;
    at;
    mask;
    count = 0;
    constructor(capacity) {
        this.keys = new Float64Array(capacity);
        this.at = new Int32Array(capacity);
        this.mask = capacity - 1;
    }
    tickOf(hash) {
        if (this.count === 0)
            return undefined;
        for (let i = slotOf(hash, this.mask);; i = (i + 1) & this.mask) {
            const k = this.keys[i];
            if (k === 0)
                return undefined;
            if (k === hash)
                return this.at[i];
        }
    }
    /** Inserts (or refreshes) a hash, growing the table to keep it at most half full. */
    insert(hash, tick, maxCapacity) {
        if ((this.count + 1) * 2 > this.keys.length && this.keys.length < maxCapacity)
            this.grow();
        for (let i = slotOf(hash, this.mask);; i = (i + 1) & this.mask) {
            const k = this.keys[i];
            if (k === 0) {
                this.keys[i] = hash;
                this.at[i] = tick;
                this.count++;
                return;
            }
            if (k === hash) {
                this.at[i] = tick;
                return;
            }
        }
    }
    clear() {
        if (this.count === 0)
            return;
        this.keys.fill(0);
        this.count = 0;
    }
    grow() {
        const { keys, at } = this;
        this.keys = new Float64Array(keys.length * 2);
        this.at = new Int32Array(keys.length * 2);
        this.mask = this.keys.length - 1;
        this.count = 0;
        for (let i = 0; i < keys.length; i++) {
            const k = keys[i];
            if (k === 0)
                continue;
            for (let j = slotOf(k, this.mask);; j = (j + 1) & this.mask) {
                if (this.keys[j] === 0) {
                    this.keys[j] = k;
                    this.at[j] = at[i];
                    this.count++;
                    break;
                }
            }
        }
    }
}
function slotOf(hash, mask) {
    return ((hash % 0x200000) ^ Math.floor(hash / 0x200000)) & mask;
}
function nextPowerOfTwo(n) {
    let p = 1;
    while (p < n)
        p *= 2;
    return p;
}
/** FNV-1a style hash over the identifying fields, two 32-bit lanes folded into 53 bits. */
export function keyHash(e) {
    let h1 = 0x811c9dc5;
    let h2 = 0x5bd1e995;
    const feed = (s) => {
        for (let i = 0; i < s.length; i++) {
            const c = s.charCodeAt(i);
            h1 = Math.imul(h1 ^ c, 0x01000193);
            h2 = Math.imul(h2 ^ c, 0x5bd1e995);
            h2 ^= h2 >>> 15;
        }
        // A separator, so ("ab","c") and ("a","bc") differ.
        h1 = Math.imul(h1 ^ 0x1f, 0x01000193);
        h2 = Math.imul(h2 ^ 0x1f, 0x5bd1e995);
    };
    feed(e.callId ?? '');
    feed(e.cseq === undefined ? '' : String(e.cseq));
    feed(e.method === undefined ? '' : e.method.toUpperCase());
    feed(e.scope);
    feed(String(e.code));
    return (h1 >>> 0) * 0x200000 + ((h2 >>> 0) & 0x1fffff);
}
//# sourceMappingURL=dedupe.js.map