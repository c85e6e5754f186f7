import type { JsonErrorLocation } from './json-error.js';
/** One item of a posted batch: its JSON value and original text, or why its line was not JSON. */
export type BodyItem = {
    ok: true;
    value: unknown;
    raw: string | undefined;
} | {
    ok: false;
    line: number;
    error: JsonErrorLocation;
};
export type ParsedBody = {
    ok: true;
    items: BodyItem[];
} | {
    ok: false;
    error: JsonErrorLocation;
};
/**
 * A JSON body (one object or an array of them) or NDJSON (one object per line, blank lines
 * skipped). In NDJSON a malformed line is one bad item; the other lines stand. In JSON the whole
 * body is one document, so a syntax error refuses it.
 */
export declare function parseEventsBody(text: string, ndjson: boolean): ParsedBody;
