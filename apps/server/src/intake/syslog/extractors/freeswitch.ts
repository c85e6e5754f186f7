import { ForwardSearch, isSpace, isUpper, isWordChar, lineEnd, runEnd, threeDigitsAt } from './scan.js';
import type { Extractor } from './types.js';
import { sipCode } from './types.js';

/** FreeSWITCH lines that mention codes or SIP without being a reply on the wire. */
const NOT_OUTCOMES = /Overriding SIP cause|SIP auth failure|SIP auth challenge/;

const notSpace = (c: number): boolean => !isSpace(c);
const isDigitOrMinus = (c: number): boolean => (c >= 48 && c <= 57) || c === 45;

/**
 * `Ping failed|succeeded <gateway> with code <NNN>` followed by a word boundary: the gateway and the
 * code, or undefined.
 */
export function readPing(text: string): { trunk: string; code: string } | undefined {
  for (let at = text.indexOf('Ping '); at >= 0; at = text.indexOf('Ping ', at + 1)) {
    let word = at + 5;
    if (text.startsWith('failed ', word)) word += 7;
    else if (text.startsWith('succeeded ', word)) word += 10;
    else continue;
    const wordEnd = runEnd(text, word, notSpace);
    if (wordEnd === word || !text.startsWith(' with code ', wordEnd)) continue;
    const digits = wordEnd + 11;
    if (!threeDigitsAt(text, digits) || isWordChar(text.charCodeAt(digits + 3))) continue;
    return { trunk: text.slice(word, wordEnd), code: text.slice(digits, digits + 3) };
  }
  return undefined;
}

const FAILED_REGISTRATION = ' Failed Registration with status ';

/**
 * `<gateway> Failed Registration with status <phrase> [<code>]`, the phrase on the same line:
 * the gateway, the phrase and the bracketed number (sofia's own codes can be negative), or undefined.
 */
export function readFailedRegistration(
  text: string,
): { trunk: string; reason: string; code: string } | undefined {
  const brackets = new ForwardSearch(text, ' [');
  let at = text.indexOf(FAILED_REGISTRATION);
  while (at >= 0) {
    const wordStart = runBack(text, at, notSpace);
    const phrase = at + FAILED_REGISTRATION.length;
    if (wordStart === at) {
      at = text.indexOf(FAILED_REGISTRATION, at + 1);
      continue;
    }
    const end = lineEnd(text, phrase);
    for (let open = brackets.next(phrase); open >= 0 && open < end; open = brackets.next(open + 1)) {
      const digits = open + 2;
      const close = runEnd(text, digits, isDigitOrMinus);
      const number = text.slice(digits, close);
      if (text.charCodeAt(close) === 93 && /^-?\d+$/.test(number))
        return { trunk: text.slice(wordStart, at), reason: text.slice(phrase, open).trim(), code: number };
    }
    // Every later mention on this line would search the same rest of it.
    at = text.indexOf(FAILED_REGISTRATION, end);
  }
  return undefined;
}

const NTA_RECEIVED = 'nta: received ';

/** `nta: received <NNN> <phrase> for <METHOD>` on one line: code, phrase and method, or undefined. */
export function readNtaReceived(text: string): { code: string; reason: string; method: string } | undefined {
  const fors = new ForwardSearch(text, ' for ');
  let at = text.indexOf(NTA_RECEIVED);
  while (at >= 0) {
    const digits = at + NTA_RECEIVED.length;
    const phrase = digits + 4;
    if (
      (at > 0 && isWordChar(text.charCodeAt(at - 1))) ||
      !threeDigitsAt(text, digits) ||
      text.charCodeAt(digits + 3) !== 32
    ) {
      at = text.indexOf(NTA_RECEIVED, at + 1);
      continue;
    }
    const end = lineEnd(text, phrase);
    for (let f = fors.next(phrase); f >= 0 && f < end; f = fors.next(f + 1)) {
      const method = f + 5;
      const methodEnd = runEnd(text, method, isUpper);
      if (methodEnd > method && !isWordChar(text.charCodeAt(methodEnd)))
        return {
          code: text.slice(digits, digits + 3),
          reason: text.slice(phrase, f).trim(),
          method: text.slice(method, methodEnd),
        };
    }
    at = text.indexOf(NTA_RECEIVED, end);
  }
  return undefined;
}

/** Index of the first character of the run that ends just before `end`. */
function runBack(text: string, end: number, test: (c: number) => boolean): number {
  let i = end;
  while (i > 0 && test(text.charCodeAt(i - 1))) i--;
  return i;
}

/**
 * FreeSWITCH sofia: gateway pings (`Ping failed <gateway> with code 408`: an OPTIONS the gateway did
 * not answer), gateway registrations (`<gateway> Failed Registration with status <phrase> [403]`).
 * Codes outside 100-699 there (904 and friends) are sofia's own and yield nothing.
 */
export const freeswitchSofiaExtractor: Extractor = {
  name: 'freeswitch-sofia',
  extract(message) {
    const ping = message.includes('Ping ') ? readPing(message) : undefined;
    if (ping) {
      const code = sipCode(ping.code);
      return code === undefined ? null : { code, method: 'OPTIONS', trunk: ping.trunk };
    }
    const reg = message.includes('Failed Registration') ? readFailedRegistration(message) : undefined;
    if (reg) {
      const code = sipCode(reg.code);
      return code === undefined ? null : { code, reason: reg.reason, method: 'REGISTER', trunk: reg.trunk };
    }
    return message.includes('SIP ') && NOT_OUTCOMES.test(message) ? null : undefined;
  },
};

/** sofia-sip's transaction layer: `nta: received 480 Temporarily Unavailable for INVITE (1)`. */
export const sofiaNtaExtractor: Extractor = {
  name: 'sofia-sip',
  extract(message) {
    if (!message.includes('nta: received')) return undefined;
    const m = readNtaReceived(message);
    if (!m) return undefined;
    const code = sipCode(m.code);
    return code === undefined ? null : { code, reason: m.reason, method: m.method };
  },
};
