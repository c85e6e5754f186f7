import type { CandidateInput } from '../normalise-schema.js';
import { MAX_JSON_DEPTH } from './events-body.js';
import { parseJsonBounded } from './json-error.js';
import type { BoundedJsonResult } from './json-error.js';

/**
 * mod_json_cdr posts the CDR in one of three ways (json_cdr.conf `encode`): raw JSON
 * (application/json), `cdr=<url-encoded JSON>` (application/x-www-form-urlencoded, the default),
 * or `cdr=<base64 JSON>` (application/x-www-form-base64-encoded, where `+` and `/` are not escaped).
 */
export function decodeFreeswitchBody(text: string, mediaType: string | undefined): BoundedJsonResult {
  const body = text.trim();
  if (mediaType === 'application/x-www-form-urlencoded' && !body.startsWith('{')) {
    return parseJsonBounded(new URLSearchParams(body).get('cdr') ?? '', MAX_JSON_DEPTH);
  }
  if (body.startsWith('{') || body.startsWith('[')) return parseJsonBounded(body, MAX_JSON_DEPTH);
  const payload = body.startsWith('cdr=') ? body.slice(4) : body;
  if (/^[A-Za-z0-9+/=\s%]+$/.test(payload)) {
    // Some proxies escape the base64 alphabet; undo that first.
    const b64 = payload.includes('%') ? safeDecode(payload) : payload;
    const decoded = Buffer.from(b64, 'base64').toString('utf8');
    if (decoded.trimStart().startsWith('{')) return parseJsonBounded(decoded, MAX_JSON_DEPTH);
  }
  return parseJsonBounded(payload, MAX_JSON_DEPTH);
}

function safeDecode(v: string): string {
  try {
    return decodeURIComponent(v);
  } catch {
    return v;
  }
}

type Vars = Record<string, string | undefined>;

function variablesOf(cdr: Record<string, unknown>): Vars {
  const raw = cdr.variables;
  const out: Vars = {};
  if (!raw || typeof raw !== 'object') return out;
  // With encode-values (the default) every value is URL-encoded: "sip%3A487".
  for (const [k, v] of Object.entries(raw as Record<string, unknown>)) {
    if (typeof v === 'string') out[k] = safeDecode(v);
    else if (typeof v === 'number') out[k] = String(v);
  }
  return out;
}

const PROTO_CAUSE = /^sip:(\d{3})$/i;

function firstOf(v: Vars, keys: readonly string[]): string | undefined {
  for (const k of keys) {
    const value = v[k];
    if (value !== undefined && value !== '') return value;
  }
  return undefined;
}

/** The SIP outcome of the leg, its phrase, and where it came from. */
function outcome(v: Vars): { code: string; reason?: string } | undefined {
  if (v.sip_invite_failure_status)
    return { code: v.sip_invite_failure_status, reason: v.sip_invite_failure_phrase };
  if (v.sip_term_status) return { code: v.sip_term_status, reason: v.sip_term_phrase ?? v.sip_hangup_phrase };
  for (const key of ['proto_specific_hangup_cause', 'last_bridge_proto_specific_hangup_cause']) {
    const m = PROTO_CAUSE.exec(v[key] ?? '');
    if (m) return { code: m[1]!, reason: v.sip_hangup_phrase };
  }
  // An answered leg without a recorded SIP status was answered with 200.
  if (Number(v.billsec ?? 0) > 0 || Number(v.answer_epoch ?? 0) > 0) return { code: '200', reason: 'OK' };
  return undefined;
}

function eventTime(v: Vars): number | undefined {
  const us = Number(v.end_uepoch ?? 0);
  if (us > 0) return Math.round(us / 1000);
  const s = Number(v.end_epoch ?? 0);
  return s > 0 ? s * 1000 : undefined;
}

/** One mod_json_cdr record (one call leg) as a call outcome, or undefined when it has none. */
export function mapFreeswitchCdr(cdr: unknown): CandidateInput | undefined {
  if (!cdr || typeof cdr !== 'object' || Array.isArray(cdr)) return undefined;
  const record = cdr as Record<string, unknown>;
  const v = variablesOf(record);
  const found = outcome(v);
  if (!found) return undefined;
  const channel = (record.channel_data ?? {}) as Record<string, unknown>;
  const out: CandidateInput = {
    code: found.code,
    reason: found.reason,
    method: 'INVITE',
    scope: 'call',
    callId: v.sip_call_id,
    from: firstOf(v, ['sip_from_uri', 'caller_id_number']),
    to: firstOf(v, ['sip_to_uri', 'sip_req_uri', 'destination_number']),
    srcIp: v.sip_network_ip,
    srcPort: v.sip_network_port,
    trunk: v.sip_gateway_name,
    direction: typeof channel.direction === 'string' ? channel.direction : v.direction,
    ts: eventTime(v),
  };
  const abandoned =
    v.sip_hangup_disposition === 'recv_cancel' ||
    v.originate_disposition === 'ORIGINATOR_CANCEL' ||
    v.hangup_cause === 'ORIGINATOR_CANCEL';
  if (found.code.trim() === '487' && abandoned) out.cancelled = true;
  return out;
}
