import { isSpace, isWordChar } from './syslog/extractors/scan.js';

/**
 * From/To arrive as name-addr (`"Bob" <sip:bob@host>;tag=1`), addr-spec (`sip:bob@host`), bare
 * user@host or bare numbers (webhooks). The event keeps the URI only; masking replaces the user part.
 */
export function addressUri(value: string): string {
  const open = value.indexOf('<');
  if (open >= 0) {
    const close = value.indexOf('>', open + 1);
    const inner = value.slice(open + 1, close > open ? close : undefined).trim();
    if (inner) return inner;
  }
  // Without angle brackets, parameters after ';' belong to the header (tag), not the URI.
  const tag = value.search(/;\s*tag=/i);
  return (tag >= 0 ? value.slice(0, tag) : value).trim();
}

const SCHEME_USER = /^((?:sips?|tel):)([^@]*)(@.*)?$/i;

export const MASK = '***';

/** `sip:+4930123@carrier` → `sip:***@carrier`; `+4930123` → `***`; `sip:carrier.example` stays. */
export function maskUserPart(uri: string): string {
  const m = SCHEME_USER.exec(uri);
  if (m) {
    const [, scheme, user, host] = m;
    if (host) return `${scheme}${MASK}${host}`;
    // tel:+4930123;phone-context=... has no host: the number is the user part.
    if (scheme!.toLowerCase() === 'tel:') return `${scheme}${MASK}${user!.replace(/^[^;]*/, '')}`;
    return uri;
  }
  const at = uri.indexOf('@');
  if (at >= 0) return `${MASK}${uri.slice(at)}`;
  return uri === '' ? uri : MASK;
}

const TEL = /\btel:\+?[\d().-]+/gi;

/**
 * Masks user parts inside free text (raw lines and payloads). It catches every `user@host` and
 * `tel:` number; bare numbers elsewhere in a line (e.g. `calling=4930123`) are not recognisable as
 * user parts and stay.
 */
export function maskUserPartsInText(text: string): string {
  return maskUserAtHost(text).replace(TEL, `tel:${MASK}`);
}

/*
 * What `user@host` is, as the regular expression it replaces read it:
 *   /(^|[\s<:|=;,"'([{])((?:sips?|tel):)?[^\s@<>:|=;,"'()[\]{}]+(?::[^\s@<>|;,"'()]*)?@(?=[\w[])/gi
 * (a user after a separator, an optional password after `:`, then `@` before a host). Scanned by
 * hand instead: that expression retries the password run from every `:` of a line such as
 * `a:a:a:…`, the square of the line's length.
 */
const BEFORE_USER = new Set([...'<:|=;,"\'([{']);
const NOT_IN_USER = new Set([...'@<>:|=;,"\'()[]{}']);
const NOT_IN_PASSWORD = new Set([...'@<>|;,"\'()']);

const isSeparator = (c: string): boolean => BEFORE_USER.has(c) || isSpace(c.charCodeAt(0));
const inUser = (c: string): boolean => !NOT_IN_USER.has(c) && !isSpace(c.charCodeAt(0));
const inPassword = (c: string): boolean => !NOT_IN_PASSWORD.has(c) && !isSpace(c.charCodeAt(0));
const startsHost = (c: number): boolean => isWordChar(c) || c === 91; /* [ */

function schemeLength(text: string, at: number): number {
  const head = text.slice(at, at + 5).toLowerCase();
  if (head.startsWith('sips:')) return 5;
  return head.startsWith('sip:') || head.startsWith('tel:') ? 4 : 0;
}

/** Masks each `user@host`, keeping the separator before it and a `sip:`, `sips:` or `tel:` scheme. */
function maskUserAtHost(text: string): string {
  if (!text.includes('@')) return text;
  // A run ends where the next character fails the test, whichever of its characters it is read
  // from, so one answer serves every start inside it and each character is looked at about once.
  const userRuns = new RunEnds(text, inUser);
  const passwordRuns = new RunEnds(text, inPassword);
  /** Index just past the `@` of a user part that starts at `at`, or -1. */
  const userPartEnd = (at: number): number => {
    let i = userRuns.from(at);
    if (i === at) return -1;
    if (text[i] === ':') i = passwordRuns.from(i + 1);
    return text[i] === '@' && startsHost(text.charCodeAt(i + 1)) ? i + 1 : -1;
  };
  let out = '';
  let copied = 0;
  let keep = 0;
  /** Index past the `@` of the user part that starts at `start`; `keep` is where its user begins. */
  const matchFrom = (start: number): number => {
    const scheme = schemeLength(text, start);
    const end = scheme > 0 ? userPartEnd(start + scheme) : -1;
    keep = end >= 0 ? start + scheme : start;
    return end >= 0 ? end : userPartEnd(start);
  };
  let p = 0;
  while (p < text.length) {
    // A user part starts at the very beginning or after a separator, which it keeps.
    let end = p === 0 ? matchFrom(0) : -1;
    if (end < 0 && isSeparator(text[p]!)) end = matchFrom(p + 1);
    if (end < 0) {
      p++;
      continue;
    }
    out += `${text.slice(copied, keep)}${MASK}@`;
    copied = end;
    p = end;
  }
  return copied === 0 ? text : out + text.slice(copied);
}

/** Where the run of characters passing `test` that contains index `at` ends, remembered. */
class RunEnds {
  private start = -1;
  private end = -1;

  constructor(
    private readonly text: string,
    private readonly test: (c: string) => boolean,
  ) {}

  from(at: number): number {
    if (at >= this.start && at <= this.end) return this.end;
    let i = at;
    while (i < this.text.length && this.test(this.text[i]!)) i++;
    this.start = at;
    this.end = i;
    return i;
  }
}
