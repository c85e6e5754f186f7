export interface StatusLine {
  readonly code: number;
  readonly reason: string;
}

// SIP-Version SP Status-Code SP Reason-Phrase (RFC 3261 §7.2). The version token is matched
// case-insensitively as RFC 3261 §7.1 requires, but it must be exactly SIP/2.0; the reason phrase may be
// empty or missing and must not contain control characters other than tab.
// eslint-disable-next-line no-control-regex
const STATUS_LINE = /^SIP\/2\.0[ \t]+([1-6]\d\d)(?:[ \t]+([^\x00-\x08\x0a-\x1f\x7f]*))?$/i;

/**
 * Parses a status line such as "SIP/2.0 486 Busy Here" (or the first line of a whole response).
 * Tolerates whitespace and CR/LF around the line; returns undefined for anything else.
 */
export function parseStatusLine(text: string): StatusLine | undefined {
  if (typeof text !== 'string') return undefined;
  const start = text.trimStart();
  const end = start.search(/\r\n|\r|\n/);
  const line = (end === -1 ? start : start.slice(0, end)).trimEnd();
  const m = STATUS_LINE.exec(line);
  if (!m) return undefined;
  return { code: Number(m[1]), reason: (m[2] ?? '').trim() };
}
