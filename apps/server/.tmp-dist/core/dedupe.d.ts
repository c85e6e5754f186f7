import type { SipEvent } from '../wire/event.js';
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
export declare class Dedupe {
    private readonly windowMs;
    private readonly maxEntries;
    private current;
    private previous;
    private generationStart;
    private base;
    private readonly windowTicks;
    private readonly maxCapacity;
    duplicates: number;
    constructor(windowMs: number, maxEntries: number);
    get size(): number;
    /** Moves to a new generation when the current one's time is up; call once per batch. */
    expire(now: number): void;
    /** True when the event is new (and remembers it); false for a duplicate. */
    admit(e: SipEvent, now: number): boolean;
    private rotate;
    private ticks;
}
/** FNV-1a style hash over the identifying fields, two 32-bit lanes folded into 53 bits. */
export declare function keyHash(e: SipEvent): number;
