import { parseJson } from './json-error.js';
/**
 * A JSON body (one object or an array of them) or NDJSON (one object per line, blank lines
 * skipped). In NDJSON a malformed line is one bad item; the other lines stand. In JSON the whole
 * body is one document, so a syntax error refuses it.
 */
export function parseEventsBody(text, ndjson) {
    if (!ndjson) {
        const r = parseJson(text);
        if (!r.ok)
            return r;
        const values = Array.isArray(r.value) ? r.value : [r.value];
        return { ok: true, items: values.map((value) => ({ ok: true, value, raw: undefined })) };
    }
    const items = [];
    let start = 0;
    let line = 0;
    while (start <= text.length) {
        let end = text.indexOf('\n', start);
        if (end < 0)
            end = text.length;
        line++;
        const raw = text.slice(start, end).trim();
        if (raw !== '') {
            const r = parseJson(raw, line - 1);
            items.push(r.ok ? { ok: true, value: r.value, raw } : { ok: false, line, error: r.error });
        }
        start = end + 1;
    }
    return { ok: true, items };
}
//# sourceMappingURL=events-body.js.map