import { DIRECTIONS } from '../wire/event.js';
import { CandidateSchema, prepareCandidate } from './normalise-schema.js';
import { clampFuture } from './normalise-time.js';
import { truncateChars, truncateUtf8 } from './normalise-text.js';
import { addressUri, maskUserPart, maskUserPartsInText } from './normalise-uri.js';
/** Builds the one function that turns candidate items into SipEvents. Pure: no clock, no I/O. */
export function createNormaliser(options) {
    const { futureSkewMs, rawMaxBytes, maskUserParts, trunks } = options;
    const uri = (value) => {
        if (value === undefined)
            return undefined;
        const u = truncateChars(addressUri(value), 512);
        if (u === '')
            return undefined;
        return maskUserParts ? maskUserPart(u) : u;
    };
    return (input, meta) => {
        if (typeof input !== 'object' || input === null || Array.isArray(input)) {
            return { ok: false, rejection: { field: '(item)', reason: 'expected a JSON object' } };
        }
        const parsed = CandidateSchema.safeParse(prepareCandidate(input));
        if (!parsed.success) {
            const issue = parsed.error.issues[0];
            return {
                ok: false,
                rejection: { field: issue.path.length ? issue.path.join('.') : '(item)', reason: issue.message },
            };
        }
        const c = parsed.data;
        const { ts, clamped } = clampFuture(c.ts ?? meta.receivedAt, meta.receivedAt, futureSkewMs);
        const srcIp = c.srcIp && truncateChars(stripBrackets(c.srcIp), 64);
        const dstIp = c.dstIp && truncateChars(stripBrackets(c.dstIp), 64);
        const trunk = c.trunk ?? trunks.lookup(srcIp) ?? trunks.lookup(dstIp);
        const event = {
            ts,
            receivedAt: meta.receivedAt,
            code: c.code,
            scope: c.scope ?? meta.scope,
            source: meta.source,
        };
        if (c.reason !== undefined)
            event.reason = truncateChars(c.reason, 256);
        const method = c.method ?? meta.method;
        if (method !== undefined)
            event.method = method;
        if (c.callId !== undefined)
            event.callId = truncateChars(c.callId, 256);
        if (c.cseq !== undefined)
            event.cseq = c.cseq;
        if (c.inDialog !== undefined)
            event.inDialog = c.inDialog;
        if (c.cancelled !== undefined)
            event.cancelled = c.cancelled;
        const from = uri(c.from);
        if (from !== undefined)
            event.from = from;
        const to = uri(c.to);
        if (to !== undefined)
            event.to = to;
        if (srcIp)
            event.srcIp = srcIp;
        if (c.srcPort !== undefined)
            event.srcPort = c.srcPort;
        if (dstIp)
            event.dstIp = dstIp;
        if (c.dstPort !== undefined)
            event.dstPort = c.dstPort;
        if (trunk !== undefined)
            event.trunk = truncateChars(trunk, 128);
        if (c.direction !== undefined)
            event.direction = toDirection(c.direction);
        const raw = c.raw ?? meta.raw;
        if (raw !== undefined && rawMaxBytes > 0) {
            const cut = truncateUtf8(raw, rawMaxBytes);
            event.raw = maskUserParts ? maskUserPartsInText(cut) : cut;
        }
        return { ok: true, event, clamped };
    };
}
/** Vendors say `outbound-api`, `Outbound`, `in`...: the leading word decides. */
function toDirection(v) {
    const d = v.toLowerCase();
    if (DIRECTIONS.includes(d))
        return d;
    if (d.startsWith('internal'))
        return 'internal';
    if (d.startsWith('in'))
        return 'inbound';
    if (d.startsWith('out'))
        return 'outbound';
    return 'unknown';
}
function stripBrackets(ip) {
    return ip.startsWith('[') && ip.endsWith(']') ? ip.slice(1, -1) : ip;
}
const SOURCE_CACHE_LIMIT = 4096;
/** channel → format → host → source */
const sources = new Map();
let cachedSources = 0;
/**
 * The source of an event. Sources repeat (a few formats × the sending hosts), so they are shared
 * frozen objects rather than one allocation per event.
 */
export function eventSource(channel, format, host) {
    let byFormat = sources.get(channel);
    if (!byFormat)
        sources.set(channel, (byFormat = new Map()));
    let byHost = byFormat.get(format);
    if (!byHost)
        byFormat.set(format, (byHost = new Map()));
    let source = byHost.get(host);
    if (!source) {
        if (cachedSources >= SOURCE_CACHE_LIMIT) {
            sources.clear();
            cachedSources = 0;
            return eventSource(channel, format, host);
        }
        source = Object.freeze({
            channel,
            format: truncateChars(format, 64),
            host: truncateChars(host || 'unknown', 255),
        });
        byHost.set(host, source);
        cachedSources++;
    }
    return source;
}
//# sourceMappingURL=normalise.js.map