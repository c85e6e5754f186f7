/**
 * Call-IDs chosen to crowd the dedupe table as it was: Hash53 with its fixed starting values and
 * no final mixing, slots taken from the hash's low bits, linear probing. Every Call-ID returned
 * here puts the dedupe key of a `486` to `1 INVITE` (scope `transaction`) into the first
 * 2^13 slots of a table of 2^19 or 2^20, so 200,000 of them form one run that every insert walks.
 * Shared by the tests and `pnpm bench hash-flood`.
 */

const FNV_PRIME = 0x01000193;
const MURMUR_M = 0x5bd1e995;
/** The slot bits that must be zero: bits 13 to 18. */
const CROWD_MASK = 0x7e000;

interface Lanes {
  h1: number;
  h2: number;
}

function unit(s: Lanes, c: number): void {
  s.h1 = Math.imul(s.h1 ^ c, FNV_PRIME);
  let h2 = Math.imul(s.h2 ^ c, MURMUR_M);
  h2 ^= h2 >>> 15;
  s.h2 = h2;
}

function separator(s: Lanes): void {
  s.h1 = Math.imul(s.h1 ^ 0x1f, FNV_PRIME);
  s.h2 = Math.imul(s.h2 ^ 0x1f, MURMUR_M);
}

function text(s: Lanes, t: string): void {
  for (let i = 0; i < t.length; i++) unit(s, t.charCodeAt(i));
  separator(s);
}

/** The former dedupe key hash of (callId, 1, INVITE, transaction, 486), from the lanes after the Call-ID. */
function legacyKeyFromCallId(after: Lanes): number {
  const s = { ...after };
  separator(s);
  text(s, '1');
  text(s, 'INVITE');
  text(s, 'transaction');
  text(s, '486');
  return (s.h1 >>> 0) * 0x200000 + ((s.h2 >>> 0) & 0x1fffff) || 1;
}

/** The former slot of a key in a table of `mask + 1` slots. */
export function legacySlot(hash: number, mask: number): number {
  return ((hash % 0x200000) ^ Math.floor(hash / 0x200000)) & mask;
}

/** The former dedupe key hash of a 486 to `1 INVITE` with this Call-ID. */
export function legacyDedupeKey(callId: string): number {
  const s = { h1: 0x811c9dc5, h2: 0x5bd1e995 };
  for (let i = 0; i < callId.length; i++) unit(s, callId.charCodeAt(i));
  return legacyKeyFromCallId(s);
}

const ALPHABET = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-.';

/** `count` distinct Call-IDs (`flood-` and four letters) whose former keys all crowd slots 0..8191. */
export function craftedCallIds(count: number): string[] {
  const prefix = { h1: 0x811c9dc5, h2: 0x5bd1e995 };
  for (const c of 'flood-') unit(prefix, c.charCodeAt(0));
  const out: string[] = [];
  const n = ALPHABET.length;
  const s = { h1: 0, h2: 0 };
  for (let i = 0; out.length < count && i < n ** 4; i++) {
    s.h1 = prefix.h1;
    s.h2 = prefix.h2;
    const a = i % n;
    const b = Math.floor(i / n) % n;
    const c = Math.floor(i / n ** 2) % n;
    const d = Math.floor(i / n ** 3);
    for (const k of [a, b, c, d]) unit(s, ALPHABET.charCodeAt(k));
    if ((legacySlot(legacyKeyFromCallId(s), 0xfffff) & CROWD_MASK) === 0)
      out.push(`flood-${ALPHABET[a]}${ALPHABET[b]}${ALPHABET[c]}${ALPHABET[d]}`);
  }
  return out;
}
