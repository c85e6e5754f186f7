import { z } from 'zod';
import { classify } from '@sipwatch/codes';
import { DIRECTIONS, SCOPES } from '../wire/event.js';
import type { Direction } from '../wire/event.js';
import { parseEventTime } from './normalise-time.js';
import { truncateChars } from './normalise-text.js';

/**
 * What an adapter or an HTTP client hands in: the event's fields with the loose types real sources
 * use (codes and ports as strings, times as seconds or ISO strings, null for absent). Unknown keys
 * are dropped. Normalisation turns the parsed value into a SipEvent.
 */

const absent = z.union([z.null(), z.undefined()]).transform(() => undefined);

/** A string (numbers are accepted and stringified), trimmed and cut to `max`; "" counts as absent. */
function text(max: number) {
  return z
    .union([z.string(), z.number().transform(String), absent])
    .transform((v) => {
      if (v === undefined) return undefined;
      const t = v.trim();
      return t === '' ? undefined : truncateChars(t, max);
    })
    .optional();
}

const code = z.unknown().transform((v, ctx) => {
  if (v === undefined || v === null || v === '') {
    ctx.addIssue({ code: 'custom', message: 'required: a SIP response code (100-699)' });
    return z.NEVER;
  }
  const c = classify(v);
  if (!c.ok) {
    ctx.addIssue({ code: 'custom', message: c.error });
    return z.NEVER;
  }
  return c.code;
});

const ts = z
  .union([z.number(), z.string(), absent], {
    error: 'expected epoch ms, epoch seconds or an ISO 8601 string',
  })
  .transform((v, ctx) => {
    if (v === undefined || v === '') return undefined;
    const ms = parseEventTime(v);
    if (ms === undefined) {
      ctx.addIssue({
        code: 'custom',
        message: `not a time (epoch ms, epoch seconds or ISO 8601): ${JSON.stringify(String(v).slice(0, 40))}`,
      });
      return z.NEVER;
    }
    return ms;
  })
  .optional();

const SIP_METHOD = /^[A-Z][A-Z0-9_-]{0,31}$/;
const method = z
  .union([z.string(), absent])
  .transform((v, ctx) => {
    if (v === undefined || v.trim() === '') return undefined;
    const m = v.trim().toUpperCase();
    if (!SIP_METHOD.test(m)) {
      ctx.addIssue({ code: 'custom', message: `not a SIP method: ${JSON.stringify(v.slice(0, 40))}` });
      return z.NEVER;
    }
    return m;
  })
  .optional();

function unsignedInt(what: string, max: number) {
  return z
    .union([z.number(), z.string(), absent], { error: `expected ${what}` })
    .transform((v, ctx) => {
      if (v === undefined || v === '') return undefined;
      // CSeq arrives as "1167 INVITE" from some logs: the number leads.
      const n = typeof v === 'number' ? v : /^\s*\d+/.test(v) ? parseInt(v, 10) : NaN;
      if (!Number.isInteger(n) || n < 0 || n > max) {
        ctx.addIssue({ code: 'custom', message: `expected ${what}, got ${JSON.stringify(v)}` });
        return z.NEVER;
      }
      return n;
    })
    .optional();
}

const flag = z
  .union([z.boolean(), z.enum(['true', 'false']), absent], { error: 'expected true or false' })
  .transform((v) => (v === undefined ? undefined : v === true || v === 'true'))
  .optional();

/** Vendors say `outbound-api`, `Outbound`, `in`...: the leading word decides. */
function toDirection(v: string): Direction {
  const d = v.trim().toLowerCase();
  if ((DIRECTIONS as readonly string[]).includes(d)) return d as Direction;
  if (d.startsWith('in')) return d.startsWith('internal') ? 'internal' : 'inbound';
  if (d.startsWith('out')) return 'outbound';
  return 'unknown';
}

const direction = z
  .union([z.string(), absent], { error: 'expected a string (inbound, outbound, internal)' })
  .transform((v) => (v === undefined || v.trim() === '' ? undefined : toDirection(v)))
  .optional();

export const CandidateSchema = z.object({
  code,
  ts,
  reason: text(256),
  method,
  scope: z.enum(SCOPES).nullish(),
  callId: text(256),
  cseq: unsignedInt('a CSeq number', 2 ** 31 - 1),
  inDialog: flag,
  cancelled: flag,
  from: text(2048),
  to: text(2048),
  srcIp: text(64),
  srcPort: unsignedInt('a port number (0-65535)', 65535),
  dstIp: text(64),
  dstPort: unsignedInt('a port number (0-65535)', 65535),
  trunk: text(128),
  direction,
  raw: z.union([z.string(), absent], { error: 'expected a string' }).optional(),
});

/** The loose input shape (what adapters build); every field is optional except `code`. */
export type CandidateInput = z.input<typeof CandidateSchema>;
export type Candidate = z.output<typeof CandidateSchema>;
