import { REGISTRY } from './registry.js';
import type { OutcomeCategory, SipClass, SipCodeEntry } from './types.js';

const BY_CODE: ReadonlyMap<number, SipCodeEntry> = new Map(REGISTRY.map((e) => [e.code, e]));

export function getCode(code: number): SipCodeEntry | undefined {
  return BY_CODE.get(code);
}

export interface Classified {
  readonly ok: true;
  readonly code: number;
  readonly class: SipClass;
  readonly final: boolean;
  /** False when the code is not in the registry and behaves as its class's x00 (RFC 3261 §21). */
  readonly known: boolean;
  readonly category: OutcomeCategory;
  /** The code's own entry, or the x00 entry it behaves as when unknown. */
  readonly entry: SipCodeEntry;
}

export interface ClassifyError {
  readonly ok: false;
  readonly error: string;
}

export type ClassifyResult = Classified | ClassifyError;

const THREE_DIGITS = /^\s*([1-6]\d\d)\s*$/;

/** Never throws: hot paths call it for every event. */
export function classify(input: unknown): ClassifyResult {
  let code: number;
  if (typeof input === 'number') {
    if (!Number.isInteger(input)) return { ok: false, error: `not an integer: ${String(input)}` };
    code = input;
  } else if (typeof input === 'string') {
    const m = THREE_DIGITS.exec(input);
    if (!m) return { ok: false, error: `not a 3-digit SIP code between 100 and 699: ${JSON.stringify(input.slice(0, 40))}` };
    code = Number(m[1]);
  } else {
    return { ok: false, error: `expected a number or a numeric string, got ${input === null ? 'null' : typeof input}` };
  }
  if (code < 100 || code > 699) return { ok: false, error: `out of range 100-699: ${code}` };
  const own = BY_CODE.get(code);
  const entry = own ?? BY_CODE.get(Math.floor(code / 100) * 100);
  if (!entry) return { ok: false, error: `no class entry for ${code}` };
  return {
    ok: true,
    code,
    class: entry.class,
    final: entry.final,
    known: own !== undefined,
    category: entry.category,
    entry,
  };
}

export function classOf(code: number): SipClass {
  return `${Math.floor(code / 100)}xx` as SipClass;
}
