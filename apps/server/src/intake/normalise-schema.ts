import { z } from 'zod';
import { classify } from '@sipwatch/codes';
import { SCOPES } from '@sipwatch/wire';
import { parseEventTime } from './normalise-time.js';

/**
 * What an adapter or an HTTP client hands in: the event's fields with the loose types real sources
 * use (codes and ports as strings, times as seconds or ISO strings, CSeq as "21 INVITE", null or ""
 * for absent). A first step converts those spellings (nothing is refused there); the schema then
 * validates types and ranges and names the field that is wrong. Unknown keys are dropped.
 * Cutting strings to their maximum length happens after validation (normalise.ts).
 */

const TEXT_FIELDS = [
  'reason',
  'callId',
  'from',
  'to',
  'srcIp',
  'dstIp',
  'trunk',
  'direction',
  'method',
] as const;
const INT_FIELDS = ['cseq', 'srcPort', 'dstPort'] as const;
const FLAG_FIELDS = ['inDialog', 'cancelled'] as const;
const LEADING_INT = /^\s*(\d{1,10})/;

/** The loose input shape adapters build; every field is optional except `code`. */
export interface CandidateInput {
  code: unknown;
  ts?: unknown;
  reason?: unknown;
  method?: unknown;
  scope?: unknown;
  callId?: unknown;
  cseq?: unknown;
  inDialog?: unknown;
  cancelled?: unknown;
  from?: unknown;
  to?: unknown;
  srcIp?: unknown;
  srcPort?: unknown;
  dstIp?: unknown;
  dstPort?: unknown;
  trunk?: unknown;
  direction?: unknown;
  raw?: unknown;
}

function present(v: unknown): boolean {
  return v !== undefined && v !== null && v !== '';
}

/**
 * Converts the usual spellings; anything it does not recognise is left as it is for the schema to
 * refuse. The code goes through `@sipwatch/codes` here; an invalid one stays as sent.
 */
export function prepareCandidate(input: unknown): unknown {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) return input;
  const src = input as Record<string, unknown>;
  const classified = classify(src.code);
  const out: Record<string, unknown> = { code: classified.ok ? classified.code : src.code };
  for (const k of TEXT_FIELDS) {
    const v = src[k];
    if (!present(v)) continue;
    if (typeof v === 'string') {
      const t = v.trim();
      if (t !== '') out[k] = k === 'method' ? t.toUpperCase() : t;
    } else out[k] = typeof v === 'number' ? String(v) : v;
  }
  for (const k of INT_FIELDS) {
    const v = src[k];
    if (!present(v)) continue;
    const m = typeof v === 'string' ? LEADING_INT.exec(v) : null;
    out[k] = m ? Number(m[1]) : v;
  }
  for (const k of FLAG_FIELDS) {
    const v = src[k];
    if (present(v)) out[k] = v === 'true' ? true : v === 'false' ? false : v;
  }
  if (present(src.ts)) {
    const v = src.ts;
    out.ts = typeof v === 'number' || typeof v === 'string' ? (parseEventTime(v) ?? v) : v;
  }
  if (present(src.scope)) out.scope = src.scope;
  if (present(src.raw)) out.raw = src.raw;
  return out;
}

/** The reason a code was refused, in the words of `@sipwatch/codes`. */
function codeError(issue: { input?: unknown }): string {
  const v = issue.input;
  if (v === undefined || v === null || v === '') return 'required: a SIP response code (100-699)';
  const c = classify(v);
  return c.ok ? 'not a SIP response code' : c.error;
}

const code = z
  .number({ error: codeError })
  .int({ error: codeError })
  .min(100, { error: codeError })
  .max(699, { error: codeError });

const text = z.string({ error: 'expected a string' }).optional();

function unsigned(what: string, max: number) {
  return z
    .number({ error: `expected ${what}` })
    .int({ error: `expected ${what}` })
    .min(0, { error: `expected ${what}` })
    .max(max, { error: `expected ${what}` })
    .optional();
}

const flag = z.boolean({ error: 'expected true or false' }).optional();

/** Validates a prepared candidate (see prepareCandidate). */
export const CandidateSchema = z.object({
  code,
  ts: z
    .number({ error: 'not a time: expected epoch ms, epoch seconds or an ISO 8601 string' })
    .int()
    .nonnegative()
    .optional(),
  reason: text,
  method: z
    .string({ error: 'expected a SIP method' })
    .regex(/^[A-Z][A-Z0-9_-]{0,31}$/, { error: 'not a SIP method (letters, digits, - and _)' })
    .optional(),
  scope: z.enum(SCOPES).optional(),
  callId: text,
  cseq: unsigned('a CSeq number', 2 ** 31 - 1),
  inDialog: flag,
  cancelled: flag,
  from: text,
  to: text,
  srcIp: text,
  srcPort: unsigned('a port number (0-65535)', 65535),
  dstIp: text,
  dstPort: unsigned('a port number (0-65535)', 65535),
  trunk: text,
  direction: text,
  raw: text,
});

export type Candidate = z.output<typeof CandidateSchema>;

const METHOD = /^[A-Z][A-Z0-9_-]{0,31}$/;
const isUnsigned = (v: unknown, max: number): boolean =>
  v === undefined || (Number.isSafeInteger(v) && (v as number) >= 0 && (v as number) <= max);
const isText = (v: unknown): boolean => v === undefined || typeof v === 'string';
const isFlag = (v: unknown): boolean => v === undefined || typeof v === 'boolean';

/**
 * The prepared candidate itself when it certainly passes CandidateSchema (the common case, checked
 * without building zod's result), else undefined: the schema then decides, and names what is
 * wrong. Accepts nothing the schema refuses, and gives what the schema gives (prepareCandidate
 * keeps only the schema's keys).
 */
export function validCandidate(prepared: unknown): Candidate | undefined {
  if (typeof prepared !== 'object' || prepared === null) return undefined;
  const c = prepared as Record<string, unknown>;
  if (!Number.isSafeInteger(c.code) || (c.code as number) < 100 || (c.code as number) > 699) return undefined;
  if (!isUnsigned(c.ts, Number.MAX_SAFE_INTEGER)) return undefined;
  if (c.method !== undefined && (typeof c.method !== 'string' || !METHOD.test(c.method))) return undefined;
  if (c.scope !== undefined && c.scope !== 'transaction' && c.scope !== 'call') return undefined;
  if (!isUnsigned(c.cseq, 2 ** 31 - 1) || !isUnsigned(c.srcPort, 65535) || !isUnsigned(c.dstPort, 65535))
    return undefined;
  if (!isFlag(c.inDialog) || !isFlag(c.cancelled)) return undefined;
  for (const k of TEXT_FIELDS) if (k !== 'method' && !isText(c[k])) return undefined;
  if (!isText(c.raw)) return undefined;
  return c as Candidate;
}
