import { DIRECTIONS } from '@sipwatch/wire';
import type { Channel, Direction, EventSource, Scope, SipEvent } from '@sipwatch/wire';
import { CandidateSchema, prepareCandidate, validCandidate } from './normalise-schema.js';
import { clampEventTime } from './normalise-time.js';
import { truncateChars, truncateUtf8 } from './normalise-text.js';
import { addressUri, maskUserPart, maskUserPartsInText } from './normalise-uri.js';
import type { TrunkMap } from './trunk-map.js';
import { dimensionName, NAME_MAX_CHARS, ownCopy } from '../core/names.js';

export interface NormaliseOptions {
  futureSkewMs: number;
  /** Older than this before arrival: put at arrival (default: any past time is believed). */
  pastSkewMs?: number;
  rawMaxBytes: number;
  maskUserParts: boolean;
  trunks: TrunkMap;
}

/** What the source says about every event it produces; the item's own fields win over defaults. */
export interface SourceMeta {
  source: EventSource;
  receivedAt: number;
  /** Scope when the item does not say (webhooks and CDRs: `call`; proxy reply lines: `transaction`). */
  scope: Scope;
  /** Method when the item does not say; only set where the source is a call outcome (INVITE). */
  method?: string;
  /** The original line or payload when the item carries no `raw` of its own. */
  raw?: string;
}

export interface Rejection {
  /** The offending field (`code`, `ts`, ...) or `(item)` when the item is not an object. */
  field: string;
  reason: string;
}

export type NormaliseResult =
  { ok: true; event: SipEvent; clamped: boolean } | { ok: false; rejection: Rejection };

export type Normaliser = (input: unknown, meta: SourceMeta) => NormaliseResult;

/** Builds the one function that turns candidate items into SipEvents. Pure: no clock, no I/O. */
export function createNormaliser(options: NormaliseOptions): Normaliser {
  const { futureSkewMs, pastSkewMs, rawMaxBytes, maskUserParts, trunks } = options;

  const uri = (value: string | undefined): string | undefined => {
    if (value === undefined) return undefined;
    const u = truncateChars(addressUri(value), 512);
    if (u === '') return undefined;
    return maskUserParts ? maskUserPart(u) : u;
  };

  return (input, meta) => {
    if (typeof input !== 'object' || input === null || Array.isArray(input)) {
      return { ok: false, rejection: { field: '(item)', reason: 'expected a JSON object' } };
    }
    const prepared = prepareCandidate(input);
    let c = validCandidate(prepared);
    if (!c) {
      const parsed = CandidateSchema.safeParse(prepared);
      if (!parsed.success) {
        const issue = parsed.error.issues[0]!;
        return {
          ok: false,
          rejection: { field: issue.path.length ? issue.path.join('.') : '(item)', reason: issue.message },
        };
      }
      c = parsed.data;
    }
    const { ts, clamped } = clampEventTime(
      c.ts ?? meta.receivedAt,
      meta.receivedAt,
      futureSkewMs,
      pastSkewMs,
    );
    const srcIp = c.srcIp && truncateChars(stripBrackets(c.srcIp), 64);
    const dstIp = c.dstIp && truncateChars(stripBrackets(c.dstIp), 64);
    const trunk = c.trunk ?? trunks.lookup(srcIp) ?? trunks.lookup(dstIp);

    const event: SipEvent = {
      ts,
      receivedAt: meta.receivedAt,
      code: c.code,
      scope: c.scope ?? meta.scope,
      source: meta.source,
    };
    if (c.reason !== undefined) event.reason = truncateChars(c.reason, 256);
    const method = c.method ?? meta.method;
    if (method !== undefined) event.method = method;
    if (c.callId !== undefined) event.callId = truncateChars(c.callId, 256);
    if (c.cseq !== undefined) event.cseq = c.cseq;
    if (c.inDialog !== undefined) event.inDialog = c.inDialog;
    if (c.cancelled !== undefined) event.cancelled = c.cancelled;
    const from = uri(c.from);
    if (from !== undefined) event.from = from;
    const to = uri(c.to);
    if (to !== undefined) event.to = to;
    if (srcIp) event.srcIp = srcIp;
    if (c.srcPort !== undefined) event.srcPort = c.srcPort;
    if (dstIp) event.dstIp = dstIp;
    if (c.dstPort !== undefined) event.dstPort = c.dstPort;
    const trunkName = trunk === undefined ? '' : dimensionName(trunk);
    if (trunkName !== '') event.trunk = trunkName;
    if (c.direction !== undefined) event.direction = toDirection(c.direction);
    const raw = c.raw ?? meta.raw;
    if (raw !== undefined && rawMaxBytes > 0) {
      // A cut is a slice that would keep the whole message alive while the event waits for a flush.
      const cut = truncateUtf8(raw, rawMaxBytes);
      const own = cut === raw ? raw : ownCopy(cut);
      event.raw = maskUserParts ? maskUserPartsInText(own) : own;
    }
    return { ok: true, event, clamped };
  };
}

/** Vendors say `outbound-api`, `Outbound`, `in`...: the leading word decides. */
function toDirection(v: string): Direction {
  const d = v.toLowerCase();
  if ((DIRECTIONS as readonly string[]).includes(d)) return d as Direction;
  if (d.startsWith('internal')) return 'internal';
  if (d.startsWith('in')) return 'inbound';
  if (d.startsWith('out')) return 'outbound';
  return 'unknown';
}

function stripBrackets(ip: string): string {
  return ip.startsWith('[') && ip.endsWith(']') ? ip.slice(1, -1) : ip;
}

const SOURCE_CACHE_LIMIT = 4096;
/** channel → format → host → source */
const sources = new Map<Channel, Map<string, Map<string, EventSource>>>();
let cachedSources = 0;

/**
 * The source of an event. Sources repeat (a few formats × the sending hosts), so they are shared
 * frozen objects rather than one allocation per event.
 */
export function eventSource(channel: Channel, format: string, host: string): EventSource {
  let byFormat = sources.get(channel);
  if (!byFormat) sources.set(channel, (byFormat = new Map()));
  let byHost = byFormat.get(format);
  if (!byHost) byFormat.set(format, (byHost = new Map()));
  // Keys are names of their own (never a slice of a long message) of bounded length.
  const key = host.length <= NAME_MAX_CHARS ? host : dimensionName(host);
  let source = byHost.get(key);
  if (!source) {
    if (cachedSources >= SOURCE_CACHE_LIMIT) {
      sources.clear();
      cachedSources = 0;
      return eventSource(channel, format, host);
    }
    source = Object.freeze({
      channel,
      format: truncateChars(format, 64),
      host: dimensionName(host) || 'unknown',
    });
    byHost.set(ownCopy(key), source);
    cachedSources++;
  }
  return source;
}
