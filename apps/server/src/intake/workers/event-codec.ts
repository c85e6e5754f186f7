import type { Channel, Direction, Scope, SipEvent } from '@sipwatch/wire';
import { eventSource } from '../normalise.js';

/**
 * Normalised events in columns, as an intake worker hands them to the event loop: numbers and
 * flags in typed arrays (transferred, not copied), strings in one array, raw lines in one string.
 * Decoding 1,000 events this way costs the event loop about an eighth of a structured clone of
 * the event objects (docs/intake-workers.md has the figures).
 */
export interface EncodedEvents {
  count: number;
  /** Per event: ts, receivedAt, code, cseq, srcPort, dstPort (-1: absent). */
  numbers: Float64Array;
  /** Per event: inDialog (bits 0-1), cancelled (bits 2-3): 0 absent, 1 true, 2 false; bit 4: scope call. */
  flags: Uint8Array;
  /** Per event and string field (STRING_FIELDS): index into `strings`, -1 absent. */
  refs: Int32Array;
  strings: string[];
  /** Per event: index into `sources` (channel, format, host triples flattened). */
  sourceOf: Int32Array;
  sources: string[];
  /** Per event: length of its raw text in `rawText`, -1 absent. */
  rawLengths: Int32Array;
  rawText: string;
}

const STRING_FIELDS = [
  'reason',
  'method',
  'callId',
  'from',
  'to',
  'srcIp',
  'dstIp',
  'trunk',
  'direction',
] as const;
/** Fields whose values repeat within a batch: sent once per batch. */
const REPEATING = new Set<string>(['reason', 'method', 'srcIp', 'dstIp', 'trunk', 'direction']);
const NUMBERS = 6;
const FIELDS = STRING_FIELDS.length;

const triState = (v: boolean | undefined): number => (v === undefined ? 0 : v ? 1 : 2);
const fromTriState = (bits: number): boolean | undefined => (bits === 0 ? undefined : bits === 1);

export function encodeEvents(events: readonly SipEvent[]): EncodedEvents {
  const n = events.length;
  const numbers = new Float64Array(n * NUMBERS);
  const flags = new Uint8Array(n);
  const refs = new Int32Array(n * FIELDS);
  const sourceOf = new Int32Array(n);
  const rawLengths = new Int32Array(n);
  const strings: string[] = [];
  const sources: string[] = [];
  const repeated = new Map<string, number>();
  const sourceIndex = new Map<object, number>();
  const raws: string[] = [];
  for (let i = 0; i < n; i++) {
    const e = events[i]!;
    const b = i * NUMBERS;
    numbers[b] = e.ts;
    numbers[b + 1] = e.receivedAt;
    numbers[b + 2] = e.code;
    numbers[b + 3] = e.cseq ?? -1;
    numbers[b + 4] = e.srcPort ?? -1;
    numbers[b + 5] = e.dstPort ?? -1;
    flags[i] = triState(e.inDialog) | (triState(e.cancelled) << 2) | (e.scope === 'call' ? 16 : 0);
    let s = sourceIndex.get(e.source);
    if (s === undefined) {
      s = sources.length / 3;
      sourceIndex.set(e.source, s);
      sources.push(e.source.channel, e.source.format, e.source.host);
    }
    sourceOf[i] = s;
    for (let f = 0; f < FIELDS; f++) {
      const name = STRING_FIELDS[f]!;
      const value = e[name];
      let ref = -1;
      if (value !== undefined) {
        if (REPEATING.has(name)) {
          ref = repeated.get(value) ?? -1;
          if (ref < 0) repeated.set(value, (ref = strings.push(value) - 1));
        } else ref = strings.push(value) - 1;
      }
      refs[i * FIELDS + f] = ref;
    }
    if (e.raw === undefined) rawLengths[i] = -1;
    else {
      rawLengths[i] = e.raw.length;
      raws.push(e.raw);
    }
  }
  return { count: n, numbers, flags, refs, strings, sourceOf, sources, rawLengths, rawText: raws.join('') };
}

/** The buffers postMessage can move instead of copying. */
export function transferablesOf(encoded: EncodedEvents): ArrayBuffer[] {
  const { numbers, flags, refs, sourceOf, rawLengths } = encoded;
  return [numbers.buffer, flags.buffer, refs.buffer, sourceOf.buffer, rawLengths.buffer] as ArrayBuffer[];
}

export function decodeEvents(encoded: EncodedEvents): SipEvent[] {
  const { count, numbers, flags, refs, strings, sourceOf, sources, rawLengths, rawText } = encoded;
  const sourceObjects = [];
  for (let s = 0; s < sources.length; s += 3)
    sourceObjects.push(eventSource(sources[s] as Channel, sources[s + 1]!, sources[s + 2]!));
  const out = new Array<SipEvent>(count);
  let rawAt = 0;
  for (let i = 0; i < count; i++) {
    const b = i * NUMBERS;
    const r = i * FIELDS;
    const flag = flags[i]!;
    const e: SipEvent = {
      ts: numbers[b]!,
      receivedAt: numbers[b + 1]!,
      code: numbers[b + 2]!,
      scope: (flag & 16 ? 'call' : 'transaction') as Scope,
      source: sourceObjects[sourceOf[i]!]!,
    };
    if (refs[r]! >= 0) e.reason = strings[refs[r]!]!;
    if (refs[r + 1]! >= 0) e.method = strings[refs[r + 1]!]!;
    if (refs[r + 2]! >= 0) e.callId = strings[refs[r + 2]!]!;
    if (numbers[b + 3]! >= 0) e.cseq = numbers[b + 3]!;
    const inDialog = fromTriState(flag & 3);
    if (inDialog !== undefined) e.inDialog = inDialog;
    const cancelled = fromTriState((flag >> 2) & 3);
    if (cancelled !== undefined) e.cancelled = cancelled;
    if (refs[r + 3]! >= 0) e.from = strings[refs[r + 3]!]!;
    if (refs[r + 4]! >= 0) e.to = strings[refs[r + 4]!]!;
    if (refs[r + 5]! >= 0) e.srcIp = strings[refs[r + 5]!]!;
    if (numbers[b + 4]! >= 0) e.srcPort = numbers[b + 4]!;
    if (refs[r + 6]! >= 0) e.dstIp = strings[refs[r + 6]!]!;
    if (numbers[b + 5]! >= 0) e.dstPort = numbers[b + 5]!;
    if (refs[r + 7]! >= 0) e.trunk = strings[refs[r + 7]!]!;
    if (refs[r + 8]! >= 0) e.direction = strings[refs[r + 8]!] as Direction;
    const rawLength = rawLengths[i]!;
    if (rawLength >= 0) {
      // A slice of the batch's text: it lives as long as the event, until the flush writes it.
      e.raw = rawText.slice(rawAt, rawAt + rawLength);
      rawAt += rawLength;
    }
    out[i] = e;
  }
  return out;
}
