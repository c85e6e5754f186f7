import { defaultCategory } from './categories.js';
import { CODE_FACTS, HISTORIC_CODES } from './facts.js';
import { GUIDANCE } from './guidance/index.js';
import type { SipClass, SipCodeEntry } from './types.js';

export function classOf(code: number): SipClass {
  return `${Math.floor(code / 100)}xx` as SipClass;
}

/** Every registered code plus the historic ones, in ascending order. */
export const REGISTRY: readonly SipCodeEntry[] = CODE_FACTS.map(([code, phrase, reference]) => {
  const cls = classOf(code);
  return {
    code,
    phrase,
    rfcs: [reference],
    class: cls,
    final: cls !== '1xx',
    historic: HISTORIC_CODES.includes(code),
    category: defaultCategory(code, cls),
    ...GUIDANCE[code],
  };
});

const BY_CODE: ReadonlyMap<number, SipCodeEntry> = new Map(REGISTRY.map((e) => [e.code, e]));

/** The entry of a registered code, or undefined (unregistered codes: use classify). */
export function getCode(code: number): SipCodeEntry | undefined {
  return BY_CODE.get(code);
}
