import { isSpace } from '../syslog/extractors/scan.js';
import { parseJson } from './json-error.js';
import type { JsonErrorLocation } from './json-error.js';

/** One item of a posted batch: its JSON value and original text, or why its line was not JSON. */
export type BodyItem =
  | { ok: true; value: unknown; raw: string | undefined; line?: number }
  | { ok: false; line: number; error: JsonErrorLocation };

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
    const r = parseJson(text);
    if (!r.ok) return r;
    const values = Array.isArray(r.value) ? (r.value as unknown[]) : [r.value];
    if (values.length > maxItems) return { ok: false, tooMany: values.length };
    return { ok: true, items: values.map((value) => ({ ok: true, value, raw: undefined })) };
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
      const r = parseJson(raw, line - 1);
      items.push(r.ok ? { ok: true, value: r.value, raw, line } : { ok: false, line, error: r.error });
    }
    start = end + 1;
  }
  return { ok: true, items };
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

/**
 * Whether a parsed JSON value nests objects and arrays deeper than `max`, found without recursion
 * (JSON.parse reads any depth, but JSON.stringify, String() and every recursive walk overflow the
 * stack on a few thousand levels). Stops as soon as it is too deep.
 */
export function nestedDeeperThan(value: unknown, max: number = MAX_JSON_DEPTH): boolean {
  if (value === null || typeof value !== 'object') return false;
  const stack: [object, number][] = [[value, 1]];
  while (stack.length > 0) {
    const [node, depth] = stack.pop()!;
    if (depth > max) return true;
    for (const child of Array.isArray(node) ? node : Object.values(node))
      if (child !== null && typeof child === 'object') stack.push([child as object, depth + 1]);
  }
  return false;
}
