/**
 * The built-in extractors as they were written with backtracking regular expressions, kept only as
 * the reference the hand-written ones are checked against on short text (where their cost does not
 * matter): same lines, same fields.
 */
import type { Extracted, Extractor } from '../intake/syslog/extractors/types.js';
import { sipCode, splitHostPort } from '../intake/syslog/extractors/types.js';

const PING = /Ping (?:failed|succeeded) (\S+) with code (\d{3})\b/;
const REGISTRATION = /(\S+) Failed Registration with status (.*?) \[(-?\d+)\]/;
const NTA_RECEIVED = /\bnta: received (\d{3}) (.*?) for ([A-Z]+)\b/;
/** FreeSWITCH lines that mention codes or SIP without being a reply on the wire. */
const NOT_OUTCOMES = /Overriding SIP cause|SIP auth failure|SIP auth challenge/;

/**
 * FreeSWITCH sofia: gateway pings (`Ping failed <gateway> with code 408`: an OPTIONS the gateway did
 * not answer), gateway registrations (`<gateway> Failed Registration with status <phrase> [403]`).
 * Codes outside 100-699 there (904 and friends) are sofia's own and yield nothing.
 */
export const freeswitchSofiaRegex: Extractor = {
  name: 'freeswitch-sofia',
  extract(message) {
    const ping = message.includes('Ping ') ? PING.exec(message) : null;
    const reg = !ping && message.includes('Failed Registration') ? REGISTRATION.exec(message) : null;
    if (!ping && !reg) return message.includes('SIP ') && NOT_OUTCOMES.test(message) ? null : undefined;
    if (ping) {
      const code = sipCode(ping[2]);
      return code === undefined ? null : { code, method: 'OPTIONS', trunk: ping[1] };
    }
    if (reg) {
      const code = sipCode(reg[3]);
      return code === undefined ? null : { code, reason: reg[2]!.trim(), method: 'REGISTER', trunk: reg[1] };
    }
    return undefined;
  },
};

/** sofia-sip's transaction layer: `nta: received 480 Temporarily Unavailable for INVITE (1)`. */
export const sofiaNtaRegex: Extractor = {
  name: 'sofia-sip',
  extract(message) {
    if (!message.includes('nta: received')) return undefined;
    const m = NTA_RECEIVED.exec(message);
    if (!m) return undefined;
    const code = sipCode(m[1]);
    return code === undefined ? null : { code, reason: m[2]!.trim(), method: m[3] };
  },
};

const CHAN_SIP = /Got SIP response (\d{3}) "([^"]*)" back from (\[[^\]]+\](?::\d+)?|[^\s]+)/;
const PJSIP_PROCESSING = /Processing ([A-Z]+) response (\d{3}) from server '([^']*)'/;
const PJSIP_REGISTRATION =
  /(?:Fatal|Temporal) response '(\d{3})' received from '([^']*)' on registration attempt/;

/**
 * Asterisk chan_sip: `Got SIP response 503 "Service Unavailable" back from 1.2.3.4:5060`, logged for
 * an error reply to a request Asterisk sent (the method is not in the line, so none is assumed).
 */
export const asteriskChanSipRegex: Extractor = {
  name: 'asterisk-chan-sip',
  extract(message) {
    if (message.includes('SecurityEvent=')) return null;
    // Cheap substring tests first: most lines are not Asterisk's, and regexes cost.
    if (!message.includes('Got SIP response')) return undefined;
    const m = CHAN_SIP.exec(message);
    if (!m) return undefined;
    const code = sipCode(m[1]);
    if (code === undefined) return null;
    const { ip, port } = splitHostPort(m[3]!);
    return { code, reason: m[2], srcIp: ip, srcPort: port };
  },
};

/**
 * Asterisk PJSIP outbound registration: the debug line `Processing REGISTER response 408 from server
 * '…'` and the warnings `Fatal|Temporal response '403' received from '…' on registration attempt`.
 * With debug on, one failure can appear in both forms.
 */
export const asteriskPjsipRegex: Extractor = {
  name: 'asterisk-pjsip',
  extract(message) {
    if (!message.includes(' response ')) return undefined;
    const p = PJSIP_PROCESSING.exec(message);
    if (p) {
      const code = sipCode(p[2]);
      return code === undefined ? null : { code, method: p[1] };
    }
    const r = PJSIP_REGISTRATION.exec(message);
    if (r) {
      const code = sipCode(r[1]);
      return code === undefined ? null : { code, method: 'REGISTER' };
    }
    return undefined;
  },
};

const STATUS_LINE = /(?:^|[\s>"'])SIP\/2\.0 ([1-6]\d\d)(?=[ \t\r\n]|$)[ \t]*([^\r\n]*)/;
const HEADER = /^([A-Za-z-]+)[ \t]*:[ \t]*(.*)$/;

/**
 * Any `SIP/2.0 NNN Reason` status line inside a message. When the whole response follows (SBCs and
 * trace logs print the message, with the line breaks as LF or rsyslog's `#012`), its Call-ID, CSeq,
 * From and To headers are read too, and the CSeq method becomes the event's method.
 */
export const statusLineRegex: Extractor = {
  name: 'sip-status-line',
  extract(message) {
    const at = message.indexOf('SIP/2.0 ');
    if (at < 0) return undefined;
    const m = STATUS_LINE.exec(message.slice(Math.max(0, at - 1)));
    if (!m) return undefined;
    const code = sipCode(m[1]);
    if (code === undefined) return undefined;
    const out: Extracted = { code };
    const reason = m[2]!.trim();
    if (reason) out.reason = reason;

    const afterLine = message.indexOf('\n', at);
    if (afterLine >= 0) readHeaders(message.slice(afterLine + 1), out);
    return out;
  },
};

function readHeaders(text: string, out: Extracted): void {
  for (const rawLine of text.split('\n', 64)) {
    const line = rawLine.trim();
    if (line === '') break;
    const h = HEADER.exec(line);
    if (!h) continue;
    const name = h[1]!.toLowerCase();
    const value = h[2]!.trim();
    if ((name === 'call-id' || name === 'i') && out.callId === undefined) out.callId = value;
    else if ((name === 'from' || name === 'f') && out.from === undefined) out.from = value;
    else if ((name === 't' || name === 'to') && out.to === undefined) out.to = value;
    else if (name === 'cseq' && out.cseq === undefined) {
      const cseq = /^(\d+)\s+([A-Za-z]+)/.exec(value);
      if (cseq) {
        out.cseq = cseq[1];
        out.method = cseq[2];
      }
    }
  }
}
const MAX_KEY = 41;

function isKeyChar(c: number): boolean {
  // [A-Za-z0-9_.$-]
  return (
    (c >= 97 && c <= 122) ||
    (c >= 65 && c <= 90) ||
    (c >= 48 && c <= 57) ||
    c === 95 ||
    c === 46 ||
    c === 36 ||
    c === 45
  );
}

function isKeyStart(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95;
}

function isSeparator(c: number): boolean {
  return c === 32 || c === 9 || c === 10 || c === 13 || c === 59 || c === 44; // space, tab, LF, CR, ';', ','
}

function cleanValue(raw: string): string {
  let value = raw.trim();
  while (value.endsWith(';') || value.endsWith(',')) value = value.slice(0, -1).trimEnd();
  if (value.length >= 2 && value.startsWith('"') && value.endsWith('"')) value = value.slice(1, -1);
  return value;
}

/**
 * All key=value pairs; keys lower-cased without a leading `$`; a value runs to the separator before
 * the next key (so values may hold spaces: `reason=Request Timeout`). The first of a repeated key wins.
 */
export function parseKeyValuesRegex(text: string): Map<string, string> {
  const out = new Map<string, string>();
  let key: string | undefined;
  let valueStart = 0;
  for (let eq = text.indexOf('='); eq >= 0; eq = text.indexOf('=', eq + 1)) {
    let k = eq - 1;
    while (k >= 0 && isKeyChar(text.charCodeAt(k))) k--;
    const keyStart = k + 1;
    if (keyStart === eq || (k >= 0 && !isSeparator(text.charCodeAt(k)))) continue;
    const dollar = text.charCodeAt(keyStart) === 36 ? 1 : 0;
    if (!isKeyStart(text.charCodeAt(keyStart + dollar)) || eq - keyStart - dollar > MAX_KEY) continue;
    if (key !== undefined && !out.has(key)) out.set(key, cleanValue(text.slice(valueStart, keyStart)));
    key = text.slice(keyStart + dollar, eq).toLowerCase();
    valueStart = eq + 1;
  }
  if (key !== undefined && !out.has(key)) out.set(key, cleanValue(text.slice(valueStart)));
  return out;
}
