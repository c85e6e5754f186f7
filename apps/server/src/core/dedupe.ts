import type { SipEvent } from '../wire/event.js';

/**
 * Drops retransmitted or re-delivered responses: the same Call-ID, CSeq, method, scope and code
 * arriving again within `windowMs` of the first counts once. Entries live for `windowMs` of
 * arrival time and the table never holds more than `maxEntries` (oldest evicted first), so memory
 * is bounded whatever arrives. Events without a Call-ID cannot be matched and always pass.
 *
 * Keys are 53-bit hashes, not strings: a collision (about 1 in 10^10 at a million entries) would
 * drop one event.
 */
export class Dedupe {
  /** hash → arrival time; Map order is arrival order. */
  private readonly seen = new Map<number, number>();
  duplicates = 0;

  constructor(
    private readonly windowMs: number,
    private readonly maxEntries: number,
  ) {}

  get size(): number {
    return this.seen.size;
  }

  /** Forgets entries older than the window; call once per batch before admit(). */
  expire(now: number): void {
    const cutoff = now - this.windowMs;
    for (const [hash, at] of this.seen) {
      if (at >= cutoff) break;
      this.seen.delete(hash);
    }
  }

  /** True when the event is new (and remembers it); false for a duplicate. */
  admit(e: SipEvent, now: number): boolean {
    if (this.windowMs <= 0 || e.callId === undefined) return true;
    const hash = keyHash(e);
    const at = this.seen.get(hash);
    if (at !== undefined && now - at <= this.windowMs) {
      this.duplicates++;
      return false;
    }
    if (at !== undefined) this.seen.delete(hash);
    this.seen.set(hash, now);
    if (this.seen.size > this.maxEntries) {
      const oldest = this.seen.keys().next();
      if (!oldest.done) this.seen.delete(oldest.value);
    }
    return true;
  }
}

/** FNV-1a style hash over the identifying fields, two 32-bit lanes folded into 53 bits. */
export function keyHash(e: SipEvent): number {
  let h1 = 0x811c9dc5;
  let h2 = 0x5bd1e995;
  const feed = (s: string): void => {
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
