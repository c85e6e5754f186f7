import { ForwardSearch, isDigit, isSpace, isUpper, runEnd, threeDigitsAt } from './scan.js';
import type { Extractor } from './types.js';
import { sipCode, splitHostPort } from './types.js';

const notSpace = (c: number): boolean => !isSpace(c);

const GOT_RESPONSE = 'Got SIP response ';

/**
 * `Got SIP response <NNN> "<phrase>" back from <peer>`, the peer `[v6]`, `[v6]:port` or a word:
 * the code, the phrase and the peer, or undefined.
 */
export function readChanSipResponse(
  text: string,
): { code: string; reason: string; peer: string } | undefined {
  const quotes = new ForwardSearch(text, '"');
  const brackets = new ForwardSearch(text, ']');
  for (let at = text.indexOf(GOT_RESPONSE); at >= 0; at = text.indexOf(GOT_RESPONSE, at + 1)) {
    const digits = at + GOT_RESPONSE.length;
    if (!threeDigitsAt(text, digits) || !text.startsWith(' "', digits + 3)) continue;
    const phrase = digits + 5;
    const close = quotes.next(phrase);
    if (close < 0) return undefined;
    if (!text.startsWith('" back from ', close)) continue;
    const peer = close + 12;
    let end = -1;
    if (text.charCodeAt(peer) === 91) {
      const bracket = brackets.next(peer + 1);
      if (bracket > peer + 1) {
        end = bracket + 1;
        if (text.charCodeAt(end) === 58 && isDigit(text.charCodeAt(end + 1)))
          end = runEnd(text, end + 1, isDigit);
      }
    }
    if (end < 0) end = runEnd(text, peer, notSpace);
    if (end === peer) continue;
    return {
      code: text.slice(digits, digits + 3),
      reason: text.slice(phrase, close),
      peer: text.slice(peer, end),
    };
  }
  return undefined;
}

const PROCESSING = 'Processing ';

/** `Processing <METHOD> response <NNN> from server '<uri>'`: the method and code, or undefined. */
export function readPjsipProcessing(text: string): { method: string; code: string } | undefined {
  const quotes = new ForwardSearch(text, "'");
  for (let at = text.indexOf(PROCESSING); at >= 0; at = text.indexOf(PROCESSING, at + 1)) {
    const method = at + PROCESSING.length;
    const methodEnd = runEnd(text, method, isUpper);
    if (methodEnd === method || !text.startsWith(' response ', methodEnd)) continue;
    const digits = methodEnd + 10;
    if (!threeDigitsAt(text, digits) || !text.startsWith(" from server '", digits + 3)) continue;
    if (quotes.next(digits + 17) < 0) return undefined;
    return { method: text.slice(method, methodEnd), code: text.slice(digits, digits + 3) };
  }
  return undefined;
}

const RESPONSE_QUOTE = "response '";

/** `Fatal|Temporal response '<NNN>' received from '<uri>' on registration attempt`: the code. */
export function readPjsipRegistration(text: string): string | undefined {
  const quotes = new ForwardSearch(text, "'");
  for (let at = text.indexOf(RESPONSE_QUOTE); at >= 0; at = text.indexOf(RESPONSE_QUOTE, at + 1)) {
    if (!(text.startsWith('Fatal ', at - 6) && at >= 6) && !(text.startsWith('Temporal ', at - 9) && at >= 9))
      continue;
    const digits = at + RESPONSE_QUOTE.length;
    if (!threeDigitsAt(text, digits) || !text.startsWith("' received from '", digits + 3)) continue;
    const close = quotes.next(digits + 20);
    if (close < 0) return undefined;
    if (text.startsWith("' on registration attempt", close)) return text.slice(digits, digits + 3);
  }
  return undefined;
}

/**
 * Asterisk chan_sip: `Got SIP response 503 "Service Unavailable" back from 1.2.3.4:5060`, logged for
 * an error reply to a request Asterisk sent (the method is not in the line, so none is assumed).
 */
export const asteriskChanSipExtractor: Extractor = {
  name: 'asterisk-chan-sip',
  extract(message) {
    if (message.includes('SecurityEvent=')) return null;
    if (!message.includes(GOT_RESPONSE)) return undefined;
    const m = readChanSipResponse(message);
    if (!m) return undefined;
    const code = sipCode(m.code);
    if (code === undefined) return null;
    const { ip, port } = splitHostPort(m.peer);
    return { code, reason: m.reason, srcIp: ip, srcPort: port };
  },
};

/**
 * Asterisk PJSIP outbound registration: the debug line `Processing REGISTER response 408 from server
 * '…'` and the warnings `Fatal|Temporal response '403' received from '…' on registration attempt`.
 * With debug on, one failure can appear in both forms.
 */
export const asteriskPjsipExtractor: Extractor = {
  name: 'asterisk-pjsip',
  extract(message) {
    if (!message.includes(' response ')) return undefined;
    const p = readPjsipProcessing(message);
    if (p) {
      const code = sipCode(p.code);
      return code === undefined ? null : { code, method: p.method };
    }
    const r = readPjsipRegistration(message);
    if (r !== undefined) {
      const code = sipCode(r);
      return code === undefined ? null : { code, method: 'REGISTER' };
    }
    return undefined;
  },
};
