import { REGISTRY } from './registry.js';
import type { SipCodeEntry } from './types.js';

// A code prefix ("5", "48", "503") or a pattern with x for any digit ("4xx", "48x").
const CODE_PATTERN = /^[1-6][\dx]{0,2}$/i;

function matchesCodePattern(code: number, pattern: string): boolean {
  const digits = String(code);
  for (let i = 0; i < pattern.length; i++) {
    const want = pattern[i]?.toLowerCase();
    if (want !== 'x' && want !== digits[i]) return false;
  }
  return true;
}

// Lower case, straight apostrophes, and a copy without hyphens so "timeout" finds "Time-out".
function normalise(text: string): string {
  const lower = text.toLowerCase().replace(/[’‘]/g, "'");
  return lower.includes('-') ? `${lower} ${lower.replace(/-/g, '')}` : lower;
}

/**
 * Finds registry entries for what a person types into a search box or the CLI:
 * - a code prefix or x-pattern ("48" and "48x" give every 48x, "5" every 5xx, "503" just 503);
 * - otherwise words, all of which must appear in the phrase, meaning, category or RFC
 *   ("busy" finds 486 and 600; "rfc8224" the STIR/SHAKEN codes); phrase hits come first.
 * An empty query returns the whole registry. Results are in code order within each rank.
 */
export function searchCodes(query: string): readonly SipCodeEntry[] {
  const q = typeof query === 'string' ? query.trim() : '';
  if (q === '') return REGISTRY;
  if (CODE_PATTERN.test(q)) return REGISTRY.filter((e) => matchesCodePattern(e.code, q));
  // Digits that cannot start a SIP code ("7", "0", "5030") match nothing rather than RFC numbers.
  if (/^[\dx]+$/i.test(q)) return [];

  const words = normalise(q).split(/\s+/);
  const inPhrase: SipCodeEntry[] = [];
  const elsewhere: SipCodeEntry[] = [];
  for (const entry of REGISTRY) {
    const phrase = normalise(entry.phrase);
    const text = [phrase, normalise(entry.meaning), entry.category, ...entry.rfcs.map(normalise)].join(' ');
    if (!words.every((w) => text.includes(w))) continue;
    (words.some((w) => phrase.includes(w)) ? inPhrase : elsewhere).push(entry);
  }
  return [...inPhrase, ...elsewhere];
}
