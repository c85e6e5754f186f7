import { timingSafeEqual } from 'node:crypto';
import { eventSource } from '../normalise.js';
import { HEP_PROTO, decodeHep, hepTimestampMs } from './decoder.js';
import { parseSipHeaders, sipHeaderText } from './sip-message.js';
export const HEP_SIP_FORMAT = 'hep3-sip';
export class HepProcessor {
    deps;
    authKey;
    constructor(deps) {
        this.deps = deps;
        this.authKey = deps.authKey === undefined ? undefined : Buffer.from(deps.authKey);
    }
    /** The packets of one datagram or one TCP read; `peer` is the sender's address. */
    process(packets, peer, receivedAt, out) {
        const tally = { retransmissions: 0, ignored: 0 };
        for (const bytes of packets) {
            const decoded = decodeHep(bytes);
            if (!decoded.ok) {
                out.reject(peer, 'hep-invalid');
                continue;
            }
            const packet = decoded.packet;
            const host = sourceHost(packet, peer);
            if (!this.authorised(packet)) {
                out.reject(host, 'hep-auth');
                continue;
            }
            if (packet.protoType === HEP_PROTO.sip)
                this.sip(packet, host, receivedAt, out, tally);
            else if (packet.protoType === HEP_PROTO.log)
                this.log(packet, host, receivedAt, out);
            else
                tally.ignored++;
        }
        return tally;
    }
    authorised(packet) {
        if (this.authKey === undefined)
            return true;
        if (packet.authKey === undefined)
            return false;
        const given = Buffer.from(packet.authKey);
        return given.length === this.authKey.length && timingSafeEqual(given, this.authKey);
    }
    sip(packet, host, receivedAt, out, tally) {
        const payload = packet.payload;
        // Decoded once: parsed here, and kept as the event's raw text (the event rules cut it).
        const headers = payload === undefined ? undefined : sipHeaderText(payload);
        const msg = headers === undefined ? undefined : parseSipHeaders(headers);
        if (!msg) {
            out.unparsed(host, preview(payload));
            return;
        }
        const ts = hepTimestampMs(packet, receivedAt);
        const callId = msg.callId;
        const cseq = msg.cseq;
        const cseqMethod = msg.cseqMethod;
        const tracked = callId !== undefined && cseq !== undefined && cseqMethod !== undefined;
        const trunk = tracked ? this.deps.trunkOf(packet.srcIp, packet.dstIp) : undefined;
        const { tracker } = this.deps;
        if (msg.kind === 'request') {
            if (tracked) {
                const hasToTag = msg.toTag !== undefined;
                tracker.request({ ts, callId, method: msg.method, cseq, hasToTag, trunk }, receivedAt);
            }
            return;
        }
        const fields = responseFields(msg, packet, ts);
        if (tracked) {
            const verdict = tracker.response({ ts, callId, code: msg.code, method: cseqMethod, cseq, trunk }, receivedAt);
            if (verdict.retransmission) {
                tally.retransmissions++;
                return;
            }
            if (verdict.inDialog !== undefined)
                fields.inDialog = verdict.inDialog;
            if (verdict.cancelled !== undefined)
                fields.cancelled = verdict.cancelled;
            if (verdict.outcome)
                this.deps.timings.add(verdict.outcome, receivedAt);
        }
        const meta = {
            source: eventSource('hep', HEP_SIP_FORMAT, host),
            receivedAt,
            scope: 'transaction',
        };
        if (this.deps.rawMaxBytes > 0)
            meta.raw = headers;
        out.response(fields, meta);
    }
    log(packet, host, receivedAt, out) {
        const text = packet.payload?.toString('utf8') ?? '';
        for (const line of text.split(/\r?\n/)) {
            if (line.trim() !== '')
                out.logLine(line, host, receivedAt);
        }
    }
}
function responseFields(msg, packet, ts) {
    const c = { code: msg.code, ts };
    if (msg.reason !== '')
        c.reason = msg.reason;
    if (msg.cseqMethod !== undefined)
        c.method = msg.cseqMethod;
    if (msg.callId !== undefined)
        c.callId = msg.callId;
    if (msg.cseq !== undefined)
        c.cseq = msg.cseq;
    if (msg.from !== undefined)
        c.from = msg.from;
    if (msg.to !== undefined)
        c.to = msg.to;
    if (packet.srcIp !== undefined)
        c.srcIp = packet.srcIp;
    if (packet.srcPort !== undefined)
        c.srcPort = packet.srcPort;
    if (packet.dstIp !== undefined)
        c.dstIp = packet.dstIp;
    if (packet.dstPort !== undefined)
        c.dstPort = packet.dstPort;
    return c;
}
/** The capture agent's name, else its id, else the address the packet came from. */
export function sourceHost(packet, peer) {
    if (packet.nodeName)
        return packet.nodeName;
    if (packet.captureId !== undefined)
        return String(packet.captureId);
    return peer;
}
function preview(payload) {
    if (payload === undefined)
        return '(no payload)';
    const text = payload.toString('utf8', 0, Math.min(payload.length, 512));
    const eol = text.indexOf('\n');
    return eol === -1 ? text : text.slice(0, eol).replace(/\r$/, '');
}
//# sourceMappingURL=hep-processor.js.map