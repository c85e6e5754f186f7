import { lineEnd, runEnd } from './scan.js';
import type { Extracted, Extractor } from './types.js';
import { sipCode } from './types.js';

const STATUS_LINE = /(?:^|[\s>"'])SIP\/2\.0 ([1-6]\d\d)(?=[ \t\r\n]|$)[ \t]*([^\r\n]*)/;

/**
 * Any `SIP/2.0 NNN Reason` status line inside a message. When the whole response follows (SBCs and
 * trace logs print the message, with the line breaks as LF or rsyslog's `#012`), its Call-ID, CSeq,
 * From and To headers are read too, and the CSeq method becomes the event's method.
 */
export const statusLineExtractor: Extractor = {
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
    const h = readHeader(line);
    if (!h) continue;
    const name = h.name.toLowerCase();
    const value = h.value;
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

const isNameChar = (c: number): boolean => (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 45;
const isBlank = (c: number): boolean => c === 32 || c === 9;

/** `Name: value` (name of letters and `-`); a line with a CR or another line break in it is none. */
function readHeader(line: string): { name: string; value: string } | undefined {
  const nameEnd = runEnd(line, 0, isNameChar);
  if (nameEnd === 0) return undefined;
  const colon = runEnd(line, nameEnd, isBlank);
  if (line.charCodeAt(colon) !== 58) return undefined;
  if (lineEnd(line, colon + 1) !== line.length) return undefined;
  return { name: line.slice(0, nameEnd), value: line.slice(colon + 1).trim() };
}
