import { parseStatusLine } from '@sipwatch/codes';

/**
 * The parts of a SIP message (RFC 3261 §7) that call tracking and the event need: the start line,
 * Call-ID, CSeq, From/To (their URIs and tags) and the top Via branch. Headers only; the body is
 * never decoded. Pure.
 */

interface SipHeaders {
  callId?: string;
  cseq?: number;
  /** The method named in CSeq (for a response, the method of the request it answers). */
  cseqMethod?: string;
  /** From/To URIs without display name or header parameters. */
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

/** Header names in their compact forms (RFC 3261 §7.3.3) and long forms, lower-cased. */
const HEADER_ALIASES: Readonly<Record<string, keyof typeof HEADER_HANDLERS>> = {
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

const HEADER_HANDLERS = {
  callId(h: SipHeaders, value: string) {
    h.callId ??= value;
  },
  from(h: SipHeaders, value: string) {
    if (h.from !== undefined) return;
    const p = nameAddr(value);
    h.from = p.uri;
    if (p.tag !== undefined) h.fromTag = p.tag;
  },
  to(h: SipHeaders, value: string) {
    if (h.to !== undefined) return;
    const p = nameAddr(value);
    h.to = p.uri;
    if (p.tag !== undefined) h.toTag = p.tag;
  },
  via(h: SipHeaders, value: string, seenVia: boolean) {
    if (seenVia) return;
    const branch = param(value.split(',', 1)[0] ?? '', 'branch');
    if (branch !== undefined) h.viaBranch = branch;
  },
  cseq(h: SipHeaders, value: string) {
    if (h.cseq !== undefined) return;
    const m = /^(\d{1,10})\s+([A-Za-z][A-Za-z0-9._!%*+`'~-]*)$/.exec(value);
    if (!m) return;
    h.cseq = Number(m[1]);
    h.cseqMethod = (m[2] ?? '').toUpperCase();
  },
} as const;

const REQUEST_LINE = /^([A-Za-z][A-Za-z0-9._!%*+`'~-]*) +(\S+) +SIP\/2\.0$/;
/** Header text beyond this is ignored: a message that big is not worth the time. */
const MAX_HEADER_CHARS = 16 * 1024;

/** Parses a SIP message from a HEP payload; undefined when the start line is not SIP/2.0. */
export function parseSipMessage(payload: Buffer | string): SipMessage | undefined {
  const text = headerText(payload);
  const firstEnd = text.indexOf('\n');
  const startLine = (firstEnd === -1 ? text : text.slice(0, firstEnd)).replace(/\r$/, '');
  let message: SipMessage;
  if (startLine.startsWith('SIP/')) {
    const status = parseStatusLine(startLine);
    if (!status) return undefined;
    message = { kind: 'response', code: status.code, reason: status.reason };
  } else {
    const m = REQUEST_LINE.exec(startLine);
    if (!m) return undefined;
    message = { kind: 'request', method: (m[1] ?? '').toUpperCase(), requestUri: m[2] ?? '' };
  }
  if (firstEnd !== -1) readHeaders(text.slice(firstEnd + 1), message);
  return message;
}

function headerText(payload: Buffer | string): string {
  if (typeof payload === 'string') {
    const end = payload.search(/\r?\n\r?\n/);
    return payload.slice(0, Math.min(end === -1 ? payload.length : end, MAX_HEADER_CHARS));
  }
  let end = payload.indexOf('\r\n\r\n');
  if (end === -1) end = payload.indexOf('\n\n');
  if (end === -1) end = payload.length;
  return payload.toString('utf8', 0, Math.min(end, MAX_HEADER_CHARS));
}

function readHeaders(block: string, into: SipHeaders): void {
  const lines = block.split('\n');
  let seenVia = false;
  for (let i = 0; i < lines.length; i++) {
    let line = stripCr(lines[i] ?? '');
    // RFC 3261 §7.3.1: a line starting with white space continues the previous header.
    while (i + 1 < lines.length && /^[ \t]/.test(lines[i + 1] ?? '')) {
      line += ' ' + stripCr(lines[i + 1] ?? '').trim();
      i++;
    }
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const key = HEADER_ALIASES[line.slice(0, colon).trim().toLowerCase()];
    if (key === undefined) continue;
    const value = line.slice(colon + 1).trim();
    HEADER_HANDLERS[key](into, value, seenVia);
    if (key === 'via') seenVia = true;
  }
}

function stripCr(s: string): string {
  return s.endsWith('\r') ? s.slice(0, -1) : s;
}

/**
 * Splits a From/To value (`"Bob" <sip:bob@x;transport=udp>;tag=1`, or `sip:bob@x;tag=1`) into the URI
 * and the tag header parameter. URI parameters inside <> are not header parameters.
 */
function nameAddr(value: string): { uri: string; tag?: string } {
  let rest = value;
  if (rest.startsWith('"')) {
    const close = closingQuote(rest);
    rest = close === -1 ? '' : rest.slice(close + 1);
  }
  const lt = rest.indexOf('<');
  if (lt !== -1) {
    const gt = rest.indexOf('>', lt);
    const uri = rest.slice(lt + 1, gt === -1 ? undefined : gt).trim();
    const tag = gt === -1 ? undefined : param(rest.slice(gt + 1), 'tag');
    return tag === undefined ? { uri } : { uri, tag };
  }
  const semi = rest.indexOf(';');
  const uri = (semi === -1 ? rest : rest.slice(0, semi)).trim();
  const tag = semi === -1 ? undefined : param(rest.slice(semi), 'tag');
  return tag === undefined ? { uri } : { uri, tag };
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
  for (const part of params.split(';')) {
    const eq = part.indexOf('=');
    if (eq === -1) continue;
    if (part.slice(0, eq).trim().toLowerCase() !== name) continue;
    const value = part.slice(eq + 1).trim();
    return value === '' ? undefined : value;
  }
  return undefined;
}
