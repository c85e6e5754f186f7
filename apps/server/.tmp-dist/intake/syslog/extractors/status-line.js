import { sipCode } from './types.js';
const STATUS_LINE = /(?:^|[\s>"'])SIP\/2\.0 ([1-6]\d\d)(?=[ \t\r\n]|$)[ \t]*([^\r\n]*)/;
const HEADER = /^([A-Za-z-]+)[ \t]*:[ \t]*(.*)$/;
/**
 * Any `SIP/2.0 NNN Reason` status line inside a message. When the whole response follows (SBCs and
 * trace logs print the message, with the line breaks as LF or rsyslog's `#012`), its Call-ID, CSeq,
 * From and To headers are read too, and the CSeq method becomes the event's method.
 */
export const statusLineExtractor = {
    name: 'sip-status-line',
    extract(message) {
        const at = message.indexOf('SIP/2.0 ');
        if (at < 0)
            return undefined;
        const m = STATUS_LINE.exec(message.slice(Math.max(0, at - 1)));
        if (!m)
            return undefined;
        const code = sipCode(m[1]);
        if (code === undefined)
            return undefined;
        const out = { code };
        const reason = m[2].trim();
        if (reason)
            out.reason = reason;
        const afterLine = message.indexOf('\n', at);
        if (afterLine >= 0)
            readHeaders(message.slice(afterLine + 1), out);
        return out;
    },
};
function readHeaders(text, out) {
    for (const rawLine of text.split('\n', 64)) {
        const line = rawLine.trim();
        if (line === '')
            break;
        const h = HEADER.exec(line);
        if (!h)
            continue;
        const name = h[1].toLowerCase();
        const value = h[2].trim();
        if ((name === 'call-id' || name === 'i') && out.callId === undefined)
            out.callId = value;
        else if ((name === 'from' || name === 'f') && out.from === undefined)
            out.from = value;
        else if ((name === 't' || name === 'to') && out.to === undefined)
            out.to = value;
        else if (name === 'cseq' && out.cseq === undefined) {
            const cseq = /^(\d+)\s+([A-Za-z]+)/.exec(value);
            if (cseq) {
                out.cseq = cseq[1];
                out.method = cseq[2];
            }
        }
    }
}
//# sourceMappingURL=status-line.js.map