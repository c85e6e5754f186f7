/** The two 32-bit starting values of a Hash53's lanes. */
export type HashSeed = readonly [number, number];

/** FNV's and MurmurHash2's constants: the seed of tests and tools, never of the server's tables. */
export const FIXED_HASH_SEED: HashSeed = [0x811c9dc5, 0x5bd1e995];

/** MurmurHash3's finaliser: every output bit depends on every input bit. */
function fmix32(x: number): number {
  let h = x;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return h ^ (h >>> 16);
}

/**
 * An incremental 53-bit hash (two 32-bit FNV-1a-style lanes folded into one safe integer), for
 * tables that must not hold strings: a key kept as a slice of a SIP message keeps the whole message
 * alive. Nothing is allocated per key. Collisions are about 1 in 10^10 at a million keys.
 *
 *   hash.reset(); hash.string(callId); hash.number(cseq); const key = hash.value();
 */
export class Hash53 {
  private h1 = 0;
  private h2 = 0;

  /**
   * `seed`: the starting state of the two lanes. The tables these hashes key take their slots from
   * the low bits, and keys come from the network: with a seed known in advance, Call-IDs can be
   * chosen that all land in a few slots and turn every lookup into a scan. The server passes a
   * random one per process (hash-seed.ts); the fixed default is for tests.
   */
  constructor(private readonly seed: HashSeed = FIXED_HASH_SEED) {
    this.reset();
  }

  reset(): this {
    this.h1 = this.seed[0];
    this.h2 = this.seed[1];
    return this;
  }

  /** Feeds a string's UTF-16 code units, then a separator so ("ab","c") and ("a","bc") differ. */
  string(s: string): this {
    for (let i = 0; i < s.length; i++) this.unit(s.charCodeAt(i));
    return this.separator();
  }

  /** As `string(s.toUpperCase())` for ASCII letters, without making the upper-case copy. */
  upperAscii(s: string): this {
    for (let i = 0; i < s.length; i++) {
      const c = s.charCodeAt(i);
      this.unit(c >= 0x61 && c <= 0x7a ? c - 0x20 : c);
    }
    return this.separator();
  }

  /** As `string(String(n))` for a non-negative integer, without making the string. */
  integer(n: number): this {
    if (n < 10) {
      this.unit(0x30 + n);
      return this.separator();
    }
    let div = 1;
    while (div * 10 <= n) div *= 10;
    for (; div >= 1; div /= 10) this.unit(0x30 + (Math.floor(n / div) % 10));
    return this.separator();
  }

  /**
   * Never 0, so 0 can mark an empty slot. The lanes are mixed into each other first: each unit
   * moves the first lane's low bits only through the low bits of the input, and tables mask the low
   * bits off.
   */
  value(): number {
    const a = fmix32(this.h1 ^ Math.imul(this.h2, 0x9e3779b9));
    const b = fmix32(this.h2 ^ a);
    return (a >>> 0) * 0x200000 + ((b >>> 0) & 0x1fffff) || 1;
  }

  private unit(c: number): void {
    this.h1 = Math.imul(this.h1 ^ c, 0x01000193);
    let h2 = Math.imul(this.h2 ^ c, 0x5bd1e995);
    h2 ^= h2 >>> 15;
    this.h2 = h2;
  }

  private separator(): this {
    this.h1 = Math.imul(this.h1 ^ 0x1f, 0x01000193);
    this.h2 = Math.imul(this.h2 ^ 0x1f, 0x5bd1e995);
    return this;
  }
}
