/**
 * The value at a dotted path (`data.payload.sip_hangup_cause`; array items by index, `calls.0.code`).
 * `a.b|c.d` tries each alternative in turn and takes the first present, non-empty value.
 */
export function valueAt(root, path) {
    for (const alternative of path.split('|')) {
        let cur = root;
        for (const key of alternative.trim().split('.')) {
            if (cur === null || typeof cur !== 'object') {
                cur = undefined;
                break;
            }
            cur = Object.hasOwn(cur, key) ? cur[key] : undefined;
        }
        if (cur !== undefined && cur !== null && cur !== '')
            return cur;
    }
    return undefined;
}
const CODE_AND_PHRASE = /^\s*(\d{3})\s+(\S.*)$/;
const FIELDS = ['reason', 'ts', 'method', 'callId', 'from', 'to', 'trunk', 'direction'];
/**
 * A posted JSON object through a configured mapping. Undefined when the mapped code is absent (the
 * vendor's other event types): such payloads are counted as unparsed, not rejected.
 */
export function mapGeneric(payload, mapping) {
    const code = valueAt(payload, mapping.code);
    if (code === undefined)
        return undefined;
    const out = { code, scope: mapping.scope };
    for (const field of FIELDS) {
        const path = mapping[field];
        if (path === undefined)
            continue;
        const value = valueAt(payload, path);
        if (value !== undefined)
            out[field] = value;
    }
    // "486 Busy Here" (Yeastar's reason) carries both; the phrase is the reason unless one is mapped apart.
    const both = typeof code === 'string' ? CODE_AND_PHRASE.exec(code) : null;
    if (both) {
        out.code = both[1];
        if (mapping.reason === undefined || mapping.reason === mapping.code)
            out.reason = both[2];
    }
    if (out.method === undefined && mapping.scope === 'call')
        out.method = 'INVITE';
    return out;
}
//# sourceMappingURL=generic.js.map