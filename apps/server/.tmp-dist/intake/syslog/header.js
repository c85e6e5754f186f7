/**
 * Syslog headers as equipment sends them: RFC 5424, RFC 3164 (BSD, also with an RFC 3339 timestamp
 * as rsyslog writes it), the header-less `<PRI>message` form of SBCs, and bare lines. Never throws.
 */
export const SYSLOG_FORMATS = ['rfc5424', 'rfc3164', 'pri', 'none'];
const PRI = /^<(\d{1,3})>/;
const BSD_TIME = /^[A-Z][a-z]{2} {1,2}\d{1,2} \d{2}:\d{2}:\d{2}(?:\.\d{1,6})?(?: \d{4})? +/;
const RFC3339_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,9})?(Z|[+-]\d{2}:?\d{2})? +/;
const HOSTNAME = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,254}$/;
const TAG = /^([^\s[\]:]{1,128})(?:\[([^\]\s]{1,32})\])?:(?: |$)/;
const CONTROL_ESCAPE = /#(0[0-3][0-7])/g;
export function parseSyslog(input) {
    const line = trimEnd(input);
    const pri = PRI.exec(line);
    const priValue = pri && Number(pri[1]) <= 191 ? Number(pri[1]) : undefined;
    const rest = priValue !== undefined ? line.slice(pri[0].length) : line;
    if (priValue !== undefined && rest.startsWith('1 ')) {
        const parsed = parse5424(rest.slice(2), priValue);
        if (parsed)
            return parsed;
    }
    const bsd = parse3164(rest, priValue);
    if (bsd)
        return bsd;
    const message = unescapeControls(rest);
    return priValue === undefined ? { format: 'none', message } : { format: 'pri', pri: priValue, message };
}
function trimEnd(s) {
    let end = s.length;
    while (end > 0) {
        const c = s.charCodeAt(end - 1);
        if (c !== 10 && c !== 13 && c !== 0)
            break;
        end--;
    }
    return end === s.length ? s : s.slice(0, end);
}
/** rsyslog writes control characters as `#ooo` (octal): `#012` is a line feed inside the message. */
export function unescapeControls(s) {
    if (!s.includes('#0'))
        return s;
    return s.replace(CONTROL_ESCAPE, (_m, oct) => String.fromCharCode(parseInt(oct, 8)));
}
function nil(v) {
    return v === undefined || v === '-' ? undefined : v;
}
function parse5424(s, pri) {
    // TIMESTAMP HOSTNAME APP-NAME PROCID MSGID STRUCTURED-DATA [MSG]
    let pos = 0;
    const fields = [];
    for (let i = 0; i < 5; i++) {
        const sp = s.indexOf(' ', pos);
        if (sp < 0)
            return undefined;
        fields.push(s.slice(pos, sp));
        pos = sp + 1;
    }
    const sdEnd = structuredDataEnd(s, pos);
    if (sdEnd < 0)
        return undefined;
    let message = s.slice(sdEnd);
    if (message.startsWith(' '))
        message = message.slice(1);
    if (message.startsWith('\uFEFF'))
        message = message.slice(1);
    const [time, hostname, appName, procId, msgId] = fields;
    const out = { format: 'rfc5424', pri, message: unescapeControls(message) };
    const ts = nil(time) ? Date.parse(time) : NaN;
    if (Number.isFinite(ts))
        out.ts = ts;
    if (nil(hostname))
        out.hostname = hostname;
    if (nil(appName))
        out.appName = appName;
    if (nil(procId))
        out.procId = procId;
    if (nil(msgId))
        out.msgId = msgId;
    return out;
}
/** Index just past STRUCTURED-DATA (`-` or `[id k="v"]...`), or -1 when it is malformed. */
function structuredDataEnd(s, start) {
    if (s[start] === '-')
        return start + 1;
    let pos = start;
    if (s[pos] !== '[')
        return -1;
    while (s[pos] === '[') {
        pos++;
        let inQuote = false;
        for (;;) {
            if (pos >= s.length)
                return -1;
            const c = s[pos];
            if (inQuote) {
                if (c === '\\')
                    pos++;
                else if (c === '"')
                    inQuote = false;
            }
            else if (c === '"')
                inQuote = true;
            else if (c === ']')
                break;
            pos++;
        }
        pos++;
    }
    return pos;
}
function parse3164(s, pri) {
    let ts;
    let m = BSD_TIME.exec(s);
    if (!m) {
        m = RFC3339_TIME.exec(s);
        if (!m)
            return undefined;
        if (m[1]) {
            const parsed = Date.parse(m[0].trim());
            if (Number.isFinite(parsed))
                ts = parsed;
        }
    }
    let rest = s.slice(m[0].length);
    const out = { format: 'rfc3164', message: '' };
    if (pri !== undefined)
        out.pri = pri;
    if (ts !== undefined)
        out.ts = ts;
    // HOSTNAME is the next word unless that word is already the tag ("kamailio[12]:").
    const sp = rest.indexOf(' ');
    const word = sp < 0 ? rest : rest.slice(0, sp);
    if (!word.endsWith(':') && HOSTNAME.test(word)) {
        out.hostname = word;
        rest = sp < 0 ? '' : rest.slice(sp + 1);
    }
    const tag = TAG.exec(rest);
    if (tag) {
        const name = tag[1];
        out.appName = name.slice(name.lastIndexOf('/') + 1) || name;
        if (tag[2])
            out.procId = tag[2];
        rest = rest.slice(tag[0].length);
    }
    out.message = unescapeControls(rest);
    return out;
}
//# sourceMappingURL=header.js.map