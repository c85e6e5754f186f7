import { parseStatusLine } from '@sipwatch/codes';

/**
 * The parts of a SIP message (RFC 3261 §7) that call tracking and the event need: the start line,
 * Call-ID, CSeq, From/To (the header values and their tags) and the top Via branch. Headers only;
 * the body is never decoded. Pure, and written to allocate little: it runs for every HEP packet.
 */

interface SipHeaders {
  callId?: string;
  cseq?: number;
  /** The method named in CSeq (for a response, the method of the request it answers). */
  cseqMethod?: string;
  /** The From/To header values as sent (name-addr with parameters); the intake extracts the URI. */
  from?: string;
  to?: string;
  fromTag?: string;
  toTag?: string;
  viaBranch?: string;
}

export interface SipRequest extends SipHeaders {
  kind: 'request';
  method: string;
  requestUri: string;
}

export interface SipResponse extends SipHeaders {
  kind: 'response';
  code: number;
  reason: string;
}

export type SipMessage = SipRequest | SipResponse;

/** Methods as sipwatch's event schema takes them (RFC 3261 allows more token characters). */
const METHOD = /^[A-Za-z][A-Za-z0-9_-]{0,31}$/;
const REQUEST_LINE = /^([A-Za-z][A-Za-z0-9_-]{0,31}) +(\S+) +SIP\/2\.0$/;
/** RFC 3261 §8.1.1.5: the CSeq number is below 2^31. */
const MAX_CSEQ = 2 ** 31 - 1;
/** Header text beyond this is ignored: a message that big is not worth the time. */
const MAX_HEADER_CHARS = 16 * 1024;

const HEADER_NAMES: Readonly<Record<string, HeaderKind>> = {
  'call-id': 'callId',
  i: 'callId',
  from: 'from',
  f: 'from',
  to: 'to',
  t: 'to',
  via: 'via',
  v: 'via',
  cseq: 'cseq',
};
type HeaderKind = 'callId' | 'from' | 'to' | 'via' | 'cseq';
const BIT: Readonly<Record<HeaderKind, number>> = { callId: 1, from: 2, to: 4, via: 8, cseq: 16 };
const ALL_SEEN = 31;

/** Parses a SIP message from a HEP payload; undefined when the start line is not SIP/2.0. */
export function parseSipMessage(payload: Buffer | string): SipMessage | undefined {
  return parseSipHeaders(sipHeaderText(payload));
}

/** Parses the start line and headers as `sipHeaderText` returns them. */
export function parseSipHeaders(text: string): SipMessage | undefined {
  let firstEnd = text.indexOf('\n');
  if (firstEnd === -1) firstEnd = text.length;
  const startLine =
    text.charCodeAt(firstEnd - 1) === 13 ? text.slice(0, firstEnd - 1) : text.slice(0, firstEnd);
  let message: SipMessage;
  if (startLine.startsWith('SIP/')) {
    const status = parseStatusLine(startLine);
    if (!status) return undefined;
    message = { kind: 'response', code: status.code, reason: status.reason.trim() };
  } else {
    const m = REQUEST_LINE.exec(startLine);
    if (!m) return undefined;
    message = { kind: 'request', method: m[1]!.toUpperCase(), requestUri: m[2]! };
  }
  readHeaders(text, firstEnd + 1, message);
  return message;
}

const BLANK_LINE_CRLF = Buffer.from('\r\n\r\n');
const BLANK_LINE_LF = Buffer.from('\n\n');

/** The start line and headers of a message (the body never decoded), at most 16 k characters. */
export function sipHeaderText(payload: Buffer | string): string {
  if (typeof payload === 'string') {
    let end = payload.indexOf('\r\n\r\n');
    if (end === -1) end = payload.indexOf('\n\n');
    if (end === -1) end = payload.length;
    return payload.slice(0, Math.min(end, MAX_HEADER_CHARS));
  }
  // Buffer needles: a string needle is encoded into a new Buffer on every call.
  let end = payload.indexOf(BLANK_LINE_CRLF);
  if (end === -1) end = payload.indexOf(BLANK_LINE_LF);
  if (end === -1) end = payload.length;
  return payload.toString('utf8', 0, Math.min(end, MAX_HEADER_CHARS));
}

function readHeaders(text: string, from: number, into: SipHeaders): void {
  let pos = from;
  // Only the first of each header counts (the top Via); stop once all five were seen.
  let seen = 0;
  // The next colon, kept between lines: searching afresh from each line of a message without
  // colons would scan the rest of the message once per line.
  let colon = -2;
  while (pos < text.length && seen !== ALL_SEEN) {
    let end = text.indexOf('\n', pos);
    if (end === -1) end = text.length;
    // RFC 3261 §7.3.1: a line starting with white space continues the previous header.
    let folded = false;
    while (end + 1 < text.length && isBlank(text.charCodeAt(end + 1))) {
      folded = true;
      const next = text.indexOf('\n', end + 1);
      end = next === -1 ? text.length : next;
    }
    if (colon !== -1 && colon < pos) colon = text.indexOf(':', pos);
    if (colon !== -1 && colon < end) {
      const kind = headerKind(text, pos, colon);
      if (kind !== undefined && (seen & BIT[kind]) === 0) {
        seen |= BIT[kind];
        let value = text.slice(colon + 1, end);
        if (folded) value = value.replace(/\r?\n[ \t]+/g, ' ');
        store(into, kind, value.trim());
      }
    }
    pos = end + 1;
  }
}

/**
 * The kind of the header named by text[from, to) (white space around the name ignored, case
 * ignored), without slicing: most lines of a message (Contact, Max-Forwards, ...) are not wanted.
 */
function headerKind(text: string, from: number, to: number): HeaderKind | undefined {
  while (from < to && isSpace(text.charCodeAt(from))) from++;
  while (to > from && isSpace(text.charCodeAt(to - 1))) to--;
  // Other white space trim() removes is not ASCII: leave such rare names to the general path.
  if (from < to && (text.charCodeAt(from) > 127 || text.charCodeAt(to - 1) > 127))
    return HEADER_NAMES[text.slice(from, to).trim().toLowerCase()];
  const length = to - from;
  // The longest name sipwatch reads is "call-id"; anything longer cannot be one.
  if (length === 0 || length > 7) return undefined;
  const first = text.charCodeAt(from) | 0x20;
  if (first !== 0x63 && first !== 0x66 && first !== 0x74 && first !== 0x76 && first !== 0x69)
    return undefined;
  return HEADER_NAMES[text.slice(from, to).toLowerCase()];
}

/** The ASCII white space String.prototype.trim removes. */
function isSpace(c: number): boolean {
  return c === 32 || (c >= 9 && c <= 13);
}

function store(into: SipHeaders, kind: HeaderKind, value: string): void {
  switch (kind) {
    case 'via': {
      const comma = value.indexOf(',');
      const branch = param(comma === -1 ? value : value.slice(0, comma), 'branch');
      if (branch !== undefined) into.viaBranch = branch;
      return;
    }
    case 'callId':
      if (value !== '') into.callId = value;
      return;
    case 'cseq': {
      const space = value.search(/\s/);
      if (space === -1) return;
      const num = value.slice(0, space);
      const method = value.slice(space).trim();
      if (!/^\d{1,10}$/.test(num) || !METHOD.test(method)) return;
      const n = Number(num);
      if (n > MAX_CSEQ) return;
      into.cseq = n;
      into.cseqMethod = method.toUpperCase();
      return;
    }
    case 'from': {
      into.from = value;
      const tag = tagOf(value);
      if (tag !== undefined) into.fromTag = tag;
      return;
    }
    case 'to': {
      into.to = value;
      const tag = tagOf(value);
      if (tag !== undefined) into.toTag = tag;
      return;
    }
  }
}

function isBlank(c: number): boolean {
  return c === 32 || c === 9;
}

/**
 * The tag header parameter of a From/To value (`"Bob" <sip:bob@x;transport=udp>;tag=1`, or
 * `sip:bob@x;tag=1`). Parameters inside <> belong to the URI, not the header.
 */
function tagOf(value: string): string | undefined {
  let rest = value;
  if (rest.startsWith('"')) {
    const close = closingQuote(rest);
    rest = close === -1 ? '' : rest.slice(close + 1);
  }
  const lt = rest.indexOf('<');
  if (lt !== -1) {
    const gt = rest.indexOf('>', lt);
    return gt === -1 ? undefined : param(rest.slice(gt + 1), 'tag');
  }
  const semi = rest.indexOf(';');
  return semi === -1 ? undefined : param(rest.slice(semi), 'tag');
}

function closingQuote(s: string): number {
  for (let i = 1; i < s.length; i++) {
    if (s[i] === '\\') i++;
    else if (s[i] === '"') return i;
  }
  return -1;
}

/** The value of `;name=value` in a parameter list (names compare case-insensitively). */
function param(params: string, name: string): string | undefined {
  let at = params.indexOf(';');
  while (at !== -1) {
    const next = params.indexOf(';', at + 1);
    const part = params.slice(at + 1, next === -1 ? undefined : next);
    const eq = part.indexOf('=');
    if (eq !== -1 && part.slice(0, eq).trim().toLowerCase() === name) {
      const value = part.slice(eq + 1).trim();
      return value === '' ? undefined : value;
    }
    at = next;
  }
  return undefined;
}
