import { classOf, getCode } from './registry.js';
import { OUTCOME_CATEGORIES } from './types.js';
import type { CategoryOverrides, OutcomeCategory, SipClass, SipCodeEntry } from './types.js';

export interface Classified {
  readonly ok: true;
  readonly code: number;
  readonly class: SipClass;
  readonly final: boolean;
  /** False when the code is not in the registry and behaves as its class's x00 (RFC 3261 §21). */
  readonly known: boolean;
  /** The entry's default category, or the operator's override for this code. */
  readonly category: OutcomeCategory;
  /** The code's own entry, or the x00 entry it behaves as when unknown. */
  readonly entry: SipCodeEntry;
}

export interface ClassifyError {
  readonly ok: false;
  readonly error: string;
}

export type ClassifyResult = Classified | ClassifyError;

const THREE_DIGITS = /^\s*(\d{3})\s*$/;
const MAX_ECHO = 40;

function describe(input: string): string {
  const shown = input.length > MAX_ECHO ? `${input.slice(0, MAX_ECHO)}…` : input;
  return JSON.stringify(shown);
}

function toCode(input: unknown): number | string {
  if (typeof input === 'number') {
    if (!Number.isInteger(input)) return `SIP status code must be an integer, got ${String(input)}`;
    return input;
  }
  if (typeof input === 'string') {
    const m = THREE_DIGITS.exec(input);
    if (!m) return `SIP status code must be a 3-digit number from 100 to 699, got ${describe(input)}`;
    return Number(m[1]);
  }
  return `SIP status code must be a number or a numeric string, got ${input === null ? 'null' : typeof input}`;
}

function overrideFor(code: number, overrides: CategoryOverrides | undefined): OutcomeCategory | undefined {
  if (!overrides) return undefined;
  const key = String(code);
  const value = Object.hasOwn(overrides, key) ? overrides[key] : undefined;
  return value !== undefined && OUTCOME_CATEGORIES.includes(value) ? value : undefined;
}

/**
 * Classifies a SIP status code (a number or a numeric string, surrounding whitespace allowed).
 * Never throws: hot paths call it for every event. Overrides (the server's
 * `aggregation.categoryOverrides`) apply to final codes only; 1xx always stays `provisional`.
 */
export function classify(input: unknown, overrides?: CategoryOverrides): ClassifyResult {
  const code = toCode(input);
  if (typeof code === 'string') return { ok: false, error: code };
  if (code < 100 || code > 699) {
    const shown = typeof input === 'string' ? describe(input) : String(code);
    return { ok: false, error: `SIP status code must be from 100 to 699, got ${shown}` };
  }
  const own = getCode(code);
  const entry = own ?? getCode(Math.floor(code / 100) * 100);
  // Every class has its x00 registered, so this only guards against a broken registry.
  if (!entry) return { ok: false, error: `no registry entry for class ${classOf(code)}` };
  return {
    ok: true,
    code,
    class: entry.class,
    final: entry.final,
    known: own !== undefined,
    category: (entry.final ? overrideFor(code, overrides) : undefined) ?? entry.category,
    entry,
  };
}

/** The outcome category of a code after overrides, or undefined when the input is not a valid code. */
export function categoryOf(code: unknown, overrides?: CategoryOverrides): OutcomeCategory | undefined {
  const result = classify(code, overrides);
  return result.ok ? result.category : undefined;
}
