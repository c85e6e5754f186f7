import { isSpace } from './scan.js';
import type { Extracted, Extractor } from './types.js';
import { sipCode } from './types.js';

/**
 * key=value lines: Kamailio/OpenSIPS `acc` records in both the `;` and the `, ` separated forms,
 * xlog lines that print pseudo-variables (`rs=408`, `$rs=408 $rm=INVITE`), and any log that writes
 * `code=` / `status=` / `sip_code=` next to other SIP fields.
 */

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

/**
 * `text` from `from` to `to`, trimmed, without the separators (`;`, `,`) and white space that end
 * it, and without quotes: one slice of the message, not one per step.
 */
function cleanValue(text: string, from: number, to: number): string {
  let start = from;
  let end = to;
  while (start < end && isSpace(text.charCodeAt(start))) start++;
  while (end > start) {
    const c = text.charCodeAt(end - 1);
    if (!isSpace(c) && c !== 59 && c !== 44) break;
    end--;
  }
  if (end - start >= 2 && text.charCodeAt(start) === 34 && text.charCodeAt(end - 1) === 34) {
    start++;
    end--;
  }
  return text.slice(start, end);
}

/**
 * All key=value pairs; keys lower-cased without a leading `$`; a value runs to the separator before
 * the next key (so values may hold spaces: `reason=Request Timeout`). The first of a repeated key wins.
 */
export function parseKeyValues(text: string): Map<string, string> {
  const out = new Map<string, string>();
  let key: string | undefined;
  let valueStart = 0;
  for (let eq = text.indexOf('='); eq >= 0; eq = text.indexOf('=', eq + 1)) {
    let k = eq - 1;
    // Keys are nearly always lower case already: lower-casing only those that are not saves a copy each.
    let upper = false;
    for (; k >= 0; k--) {
      const c = text.charCodeAt(k);
      if (!isKeyChar(c)) break;
      if (c >= 65 && c <= 90) upper = true;
    }
    const keyStart = k + 1;
    if (keyStart === eq || (k >= 0 && !isSeparator(text.charCodeAt(k)))) continue;
    const dollar = text.charCodeAt(keyStart) === 36 ? 1 : 0;
    if (!isKeyStart(text.charCodeAt(keyStart + dollar)) || eq - keyStart - dollar > MAX_KEY) continue;
    if (key !== undefined && !out.has(key)) out.set(key, cleanValue(text, valueStart, keyStart));
    const name = text.slice(keyStart + dollar, eq);
    key = upper ? name.toLowerCase() : name;
    valueStart = eq + 1;
  }
  if (key !== undefined && !out.has(key)) out.set(key, cleanValue(text, valueStart, text.length));
  return out;
}

/** Keys that can only mean a SIP status code. */
const SIP_CODE_KEYS = ['sip_code', 'sip_status', 'rs', 't_reply_code', 'reply_code', 'response_code'];
/** Keys that mean a status code when the line is otherwise about SIP. */
const GENERIC_CODE_KEYS = ['code', 'status', 'status_code'];

const ALIASES = {
  reason: ['reason', 'sip_reason', 'rr', 'reason_phrase', 't_reply_reason'],
  method: ['method', 'sip_method', 'rm'],
  callId: ['call_id', 'callid', 'call-id', 'ci', 'sip_call_id'],
  from: ['from', 'from_uri', 'fu'],
  to: ['to', 'to_uri', 'tu'],
  srcIp: ['src_ip', 'srcip', 'source_ip', 'si'],
  srcPort: ['src_port', 'srcport', 'source_port', 'sp'],
  dstIp: ['dst_ip', 'dstip', 'destination_ip'],
  dstPort: ['dst_port', 'dstport', 'destination_port'],
  cseq: ['cseq', 'cs'],
  trunk: ['trunk', 'gateway', 'gw', 'carrier'],
  direction: ['direction'],
  ts: ['timestamp'],
} as const satisfies Record<string, readonly string[]>;

function first(kv: Map<string, string>, keys: readonly string[]): string | undefined {
  for (const k of keys) {
    const v = kv.get(k);
    if (v !== undefined && v !== '') return v;
  }
  return undefined;
}

type Field = keyof typeof ALIASES;
const FIELDS = Object.keys(ALIASES) as Field[];

/** key → field index × 16 + rank: a lower rank (earlier alias) wins when a line has several. */
const KEY_FIELD = new Map<string, number>(
  FIELDS.flatMap((field, f) => ALIASES[field].map((k, rank) => [k, f * 16 + rank] as [string, number])),
);

function fieldsFrom(kv: Map<string, string>, code: number): Extracted {
  const out: Extracted = { code };
  const ranks: number[] = [];
  kv.forEach((value, key) => {
    if (value === '') return;
    const hit = KEY_FIELD.get(key);
    if (hit === undefined) return;
    const f = hit >> 4;
    const rank = hit & 15;
    const best = ranks[f];
    if (best !== undefined && best <= rank) return;
    ranks[f] = rank;
    out[FIELDS[f]!] = value;
  });
  // Only an epoch number is trusted as the event time; other `timestamp=` formats are left out.
  if (typeof out.ts === 'string' && !/^\d{9,13}(?:\.\d+)?$/.test(out.ts)) delete out.ts;
  return out;
}

function codeFrom(kv: Map<string, string>, keys: readonly string[]): number | undefined {
  for (const k of keys) {
    const code = sipCode(kv.get(k));
    if (code !== undefined) return code;
  }
  return undefined;
}

const SIP_CONTEXT = /\bsips?:|\bSIP\b/;
const CODE_COLON = /\b(?:sip_code|code|status)\s*:\s*([1-6]\d\d)\b/;

/** `ACC: <event>: k=v;k=v` (Kamailio, OpenSIPS, OpenSER). A call outcome record. */
export const accExtractor: Extractor = {
  name: 'acc',
  extract(message) {
    const at = message.indexOf('ACC:');
    if (at < 0) return undefined;
    const body = message.slice(at + 4);
    const kv = parseKeyValues(body);
    const code = codeFrom(kv, [...SIP_CODE_KEYS, ...GENERIC_CODE_KEYS]);
    if (code === undefined) return null;
    const fields = fieldsFrom(kv, code);
    fields.scope = 'call';
    // "call missed" / "call ended" records speak of a call: their method is INVITE when not written.
    if (fields.method === undefined && /^\s*call\b/i.test(body)) fields.method = 'INVITE';
    return fields;
  },
};

/** Generic key=value and `code: NNN` lines (xlog). One reply seen by a proxy: a transaction. */
export const keyValueExtractor: Extractor = {
  name: 'kv',
  extract(message) {
    if (message.includes('=')) {
      const kv = parseKeyValues(message);
      let code = codeFrom(kv, SIP_CODE_KEYS);
      if (code === undefined) {
        const generic = codeFrom(kv, GENERIC_CODE_KEYS);
        const otherSipField = ['reason', 'method', 'callId', 'from', 'to'].some(
          (f) => first(kv, ALIASES[f as keyof typeof ALIASES]) !== undefined,
        );
        if (generic !== undefined && (otherSipField || SIP_CONTEXT.test(message))) code = generic;
      }
      if (code !== undefined) return fieldsFrom(kv, code);
    }
    const colon = message.includes(':') ? CODE_COLON.exec(message) : null;
    if (colon && SIP_CONTEXT.test(message)) return { code: Number(colon[1]) };
    return undefined;
  },
};
