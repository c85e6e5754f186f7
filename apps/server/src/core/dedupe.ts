import type { SipEvent } from '@sipwatch/wire';
import { Hash53 } from './hash53.js';
import type { HashSeed } from './hash53.js';

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
  private current = new Generation(1024);
  private previous = new Generation(1024);
  private generationStart: number | undefined;
  private base: number | undefined;
  private readonly windowTicks: number;
  private readonly maxCapacity: number;
  private readonly hash: Hash53;
  duplicates = 0;

  constructor(
    private readonly windowMs: number,
    private readonly maxEntries: number,
    hashSeed?: HashSeed,
  ) {
    this.hash = new Hash53(hashSeed);
    this.windowTicks = Math.max(1, Math.ceil(windowMs / TICK_MS));
    this.maxCapacity = nextPowerOfTwo(Math.max(1024, maxEntries));
  }

  get size(): number {
    return this.current.count + this.previous.count;
  }

  /** Moves to a new generation when the current one's time is up; call once per batch. */
  expire(now: number): void {
    const tick = this.ticks(now);
    this.generationStart ??= tick;
    const age = tick - this.generationStart;
    if (age < this.windowTicks) return;
    if (age >= 2 * this.windowTicks) this.current.clear();
    this.rotate(tick);
  }

  /** True when the event is new (and remembers it); false for a duplicate. */
  admit(e: SipEvent, now: number): boolean {
    if (this.windowMs <= 0 || e.callId === undefined) return true;
    this.expire(now);
    const tick = this.ticks(now);
    const hash = keyHash(this.hash, e);
    if (this.seenWithin(this.current, hash, tick) || this.seenWithin(this.previous, hash, tick)) {
      this.duplicates++;
      return false;
    }
    if (this.current.count * 2 >= this.maxEntries) this.rotate(tick);
    this.current.insert(hash, tick, this.maxCapacity);
    return true;
  }

  private seenWithin(gen: Generation, hash: number, tick: number): boolean {
    const at = gen.tickOf(hash);
    return at !== undefined && (tick - at) * TICK_MS < this.windowMs;
  }

  private rotate(tick: number): void {
    const reused = this.previous;
    reused.clear();
    this.previous = this.current;
    this.current = reused;
    this.generationStart = tick;
  }

  private ticks(now: number): number {
    this.base ??= now;
    return Math.floor((now - this.base) / TICK_MS);
  }
}

/** Arrival times are kept to this precision. */
const TICK_MS = 100;

/** Linear-probing table of hash → arrival tick; 0 marks an empty slot. */
class Generation {
  private keys: Float64Array;
  private at: Int32Array;
  private mask: number;
  count = 0;

  constructor(capacity: number) {
    this.keys = new Float64Array(capacity);
    this.at = new Int32Array(capacity);
    this.mask = capacity - 1;
  }

  tickOf(hash: number): number | undefined {
    if (this.count === 0) return undefined;
    for (let i = slotOf(hash, this.mask); ; i = (i + 1) & this.mask) {
      const k = this.keys[i]!;
      if (k === 0) return undefined;
      if (k === hash) return this.at[i]!;
    }
  }

  /** Inserts (or refreshes) a hash, growing the table to keep it at most half full. */
  insert(hash: number, tick: number, maxCapacity: number): void {
    if ((this.count + 1) * 2 > this.keys.length && this.keys.length < maxCapacity) this.grow();
    for (let i = slotOf(hash, this.mask); ; i = (i + 1) & this.mask) {
      const k = this.keys[i]!;
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

  clear(): void {
    if (this.count === 0) return;
    this.keys.fill(0);
    this.count = 0;
  }

  private grow(): void {
    const { keys, at } = this;
    this.keys = new Float64Array(keys.length * 2);
    this.at = new Int32Array(keys.length * 2);
    this.mask = this.keys.length - 1;
    this.count = 0;
    for (let i = 0; i < keys.length; i++) {
      const k = keys[i]!;
      if (k === 0) continue;
      for (let j = slotOf(k, this.mask); ; j = (j + 1) & this.mask) {
        if (this.keys[j] === 0) {
          this.keys[j] = k;
          this.at[j] = at[i]!;
          this.count++;
          break;
        }
      }
    }
  }
}

function slotOf(hash: number, mask: number): number {
  return ((hash % 0x200000) ^ Math.floor(hash / 0x200000)) & mask;
}

function nextPowerOfTwo(n: number): number {
  let p = 1;
  while (p < n) p *= 2;
  return p;
}

/** The identifying fields: Call-ID, CSeq, method (upper-cased), scope, code. */
function keyHash(hash: Hash53, e: SipEvent): number {
  hash.reset().string(e.callId ?? '');
  if (e.cseq === undefined) hash.string('');
  else hash.integer(e.cseq);
  hash
    .upperAscii(e.method ?? '')
    .string(e.scope)
    .integer(e.code);
  return hash.value();
}
