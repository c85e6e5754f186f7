/** A 3-digit SIP status code in range, as a number, or undefined. */
export function sipCode(text) {
    if (text === undefined || !/^[1-6]\d\d$/.test(text))
        return undefined;
    return Number(text);
}
/** `host:port`, `[v6]:port` or a bare address. */
export function splitHostPort(text) {
    const v6 = /^\[([^\]]+)\](?::(\d+))?$/.exec(text);
    if (v6)
        return v6[2] ? { ip: v6[1], port: v6[2] } : { ip: v6[1] };
    const colon = text.lastIndexOf(':');
    if (colon > 0 && text.indexOf(':') === colon && /^\d+$/.test(text.slice(colon + 1)))
        return { ip: text.slice(0, colon), port: text.slice(colon + 1) };
    return { ip: text };
}
//# sourceMappingURL=types.js.map