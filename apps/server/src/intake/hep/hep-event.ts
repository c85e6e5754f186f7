import { clampEventTime } from '../normalise-time.js';
import { truncateChars, truncateUtf8 } from '../normalise-text.js';
import { addressUri, maskUserPart, maskUserPartsInText } from '../normalise-uri.js';
import type { NormaliseOptions, NormaliseResult, SourceMeta } from '../normalise.js';
import type { SipEvent } from '@sipwatch/wire';

/**
 * The fields of a SIP response as the HEP decoder and SIP parser produce them: already typed and
 * bounded (a code from a valid status line, a CSeq below 2^31, a method token, IP text).
 */
export interface HepResponseFields {
  code: number;
  ts: number;
  reason?: string;
  method?: string;
  callId?: string;
  cseq?: number;
  inDialog?: boolean;
  cancelled?: boolean;
  /** From/To header values as sent; the URI is taken out here, as for every channel. */
  from?: string;
  to?: string;
  srcIp?: string;
  srcPort?: number;
  dstIp?: string;
  dstPort?: number;
}

export type HepEventBuilder = (fields: HepResponseFields, meta: SourceMeta) => NormaliseResult;

/**
 * The intake's normalisation for typed HEP fields: the same helpers and the same result as
 * `createNormaliser` (a test holds the two equal), without validating loose input with a schema,
 * which would cost more than the rest of the HEP path per packet.
 */
export function createHepEventBuilder(options: NormaliseOptions): HepEventBuilder {
  const { futureSkewMs, pastSkewMs, rawMaxBytes, maskUserParts, trunks } = options;

  const uri = (value: string | undefined): string | undefined => {
    const header = text(value, 2048);
    if (header === undefined) return undefined;
    const u = truncateChars(addressUri(header), 512);
    if (u === '') return undefined;
    return maskUserParts ? maskUserPart(u) : u;
  };

  return (f, meta) => {
    const { ts, clamped } = clampEventTime(f.ts, meta.receivedAt, futureSkewMs, pastSkewMs);
    const srcIp = text(f.srcIp, 64);
    const dstIp = text(f.dstIp, 64);
    const trunk = trunks.lookup(srcIp) ?? trunks.lookup(dstIp);
    const event: SipEvent = {
      ts,
      receivedAt: meta.receivedAt,
      code: f.code,
      scope: meta.scope,
      source: meta.source,
    };
    const reason = text(f.reason, 256);
    if (reason !== undefined) event.reason = reason;
    const method = f.method ?? meta.method;
    if (method !== undefined) event.method = method;
    const callId = text(f.callId, 256);
    if (callId !== undefined) event.callId = callId;
    if (f.cseq !== undefined) event.cseq = f.cseq;
    if (f.inDialog !== undefined) event.inDialog = f.inDialog;
    if (f.cancelled !== undefined) event.cancelled = f.cancelled;
    const from = uri(f.from);
    if (from !== undefined) event.from = from;
    const to = uri(f.to);
    if (to !== undefined) event.to = to;
    if (srcIp !== undefined) event.srcIp = srcIp;
    if (f.srcPort !== undefined) event.srcPort = f.srcPort;
    if (dstIp !== undefined) event.dstIp = dstIp;
    if (f.dstPort !== undefined) event.dstPort = f.dstPort;
    if (trunk !== undefined) event.trunk = trunk;
    if (meta.raw !== undefined && rawMaxBytes > 0) {
      const cut = truncateUtf8(meta.raw, rawMaxBytes);
      event.raw = maskUserParts ? maskUserPartsInText(cut) : cut;
    }
    return { ok: true, event, clamped };
  };
}

/** As the candidate schema reads text: trimmed, cut to `max`, empty counts as absent. */
function text(value: string | undefined, max: number): string | undefined {
  if (value === undefined) return undefined;
  const t = value.trim();
  return t === '' ? undefined : truncateChars(t, max);
}
