import { isSpace } from '../syslog/extractors/scan.js';
import { findDeepNesting, parseJson, parseJsonBounded } from './json-error.js';
import type { JsonErrorLocation } from './json-error.js';

/** One item of a posted batch: its JSON value and original text, or why its line was not JSON. */
export type BodyItem =
  | { ok: true; value: unknown; raw: string | undefined; line?: number }
  | { ok: false; line: number; error: JsonErrorLocation; tooDeep?: undefined }
  /** Nested deeper than MAX_JSON_DEPTH: not parsed. */
  | { ok: false; line?: number; tooDeep: true; error?: undefined };

export type ParsedBody =
  | { ok: true; items: BodyItem[] }
  | { ok: false; error: JsonErrorLocation; tooMany?: undefined }
  /** More than `maxItems` items: nothing was read past the count. */
  | { ok: false; tooMany: number; error?: undefined };

/**
 * A JSON body (one object or an array of them) or NDJSON (one object per line, blank lines
 * skipped). In NDJSON a malformed line is one bad item; the other lines stand. In JSON the whole
 * body is one document, so a syntax error refuses it.
 */
export function parseEventsBody(text: string, ndjson: boolean, maxItems = Infinity): ParsedBody {
  if (!ndjson) {
    const deep = findDeepNesting(text, MAX_JSON_DEPTH, true);
    if (deep.root) return { ok: true, items: [{ ok: false, tooDeep: true }] };
    // Counted on the text too: JSON.parse of a 5 MiB array of `{}` takes a tenth of a second.
    if (deep.count > maxItems) return { ok: false, tooMany: deep.count };
    // Each element too deep is parsed as a null: the document is still checked as a whole.
    let doc = text;
    for (let k = deep.elements.length - 1; k >= 0; k--) {
      const { start, end } = deep.elements[k]!;
      doc = `${doc.slice(0, start)}null${doc.slice(end)}`;
    }
    const r = parseJson(doc);
    if (!r.ok) return r;
    const values = Array.isArray(r.value) ? (r.value as unknown[]) : [r.value];
    if (values.length > maxItems) return { ok: false, tooMany: values.length };
    const tooDeep = new Set(deep.elements.map((e) => e.index));
    return {
      ok: true,
      items: values.map((value, i) =>
        tooDeep.has(i) ? { ok: false, tooDeep: true } : { ok: true, value, raw: undefined },
      ),
    };
  }
  // Counted before any line is parsed: a body of short lines is millions of items.
  const count = countLines(text, maxItems);
  if (count > maxItems) return { ok: false, tooMany: count };
  const items: BodyItem[] = [];
  let start = 0;
  let line = 0;
  while (start <= text.length) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    line++;
    const raw = text.slice(start, end).trim();
    if (raw !== '') {
      const r = parseJsonBounded(raw, MAX_JSON_DEPTH, line - 1);
      if (r.ok) items.push({ ok: true, value: r.value, raw, line });
      else if (r.tooDeep) items.push({ ok: false, line, tooDeep: true });
      else items.push({ ok: false, line, error: r.error });
    }
    start = end + 1;
  }
  return { ok: true, items };
}

/**
 * The non-blank lines of an NDJSON body as received, counted up to one past `limit` without
 * decoding it: a 5 MiB body of short lines is refused before it becomes a 5 MiB string, which
 * would cost a major garbage collection per request. Counts as parseEventsBody does.
 */
export function countNdjsonItems(body: Buffer, limit: number): number {
  let count = 0;
  let start = 0;
  while (start <= body.length && count <= limit) {
    let end = body.indexOf(10, start);
    if (end < 0) end = body.length;
    for (let i = start; i < end; i++) {
      const b = body[i]!;
      if (b < 0x80 ? !isSpace(b) : !isBlank(body.toString('utf8', i, end))) {
        count++;
        break;
      }
      if (b >= 0x80) break;
    }
    start = end + 1;
  }
  return count;
}

function isBlank(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (!isSpace(text.charCodeAt(i))) return false;
  return true;
}

/** Non-blank lines, counted up to one past `limit`. */
function countLines(text: string, limit: number): number {
  let count = 0;
  let start = 0;
  while (start <= text.length && count <= limit) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    for (let i = start; i < end; i++) {
      if (!isSpace(text.charCodeAt(i))) {
        count++;
        break;
      }
    }
    start = end + 1;
  }
  return count;
}

/** How deep objects and arrays may nest in one posted item (the item itself is level 1). */
export const MAX_JSON_DEPTH = 64;
