import type { BatchRecorder } from '../intake.js';
import type { SourceMeta } from '../normalise.js';
import { countNdjsonItems, MAX_JSON_DEPTH, parseEventsBody } from './events-body.js';
import type { BodyItem, ParsedBody } from './events-body.js';
import type { JsonErrorLocation } from './json-error.js';

/** Rejected items listed in one answer; beyond that only the total is given. */
const MAX_LISTED_REJECTIONS = 1000;

export interface Rejected {
  index: number;
  field: string;
  reason: string;
  line?: number;
}

/** What reading a posted JSON or NDJSON batch came to (plain data: it crosses threads). */
export type JsonBatchReply =
  | { kind: 'too-many-items' }
  | { kind: 'malformed'; error: JsonErrorLocation }
  | { kind: 'read'; rejected: Rejected[]; rejectedTotal: number; unparsed: number };

export interface JsonBatchRequest {
  body: Uint8Array;
  ndjson: boolean;
  maxItems: number;
  host: string;
  meta: SourceMeta;
  /** 0 keeps no raw text (ingest.rawMaxBytes). */
  rawMaxBytes: number;
}

/** Collects per-item refusals of one request. */
export class Refusals {
  readonly rejected: Rejected[] = [];
  rejectedTotal = 0;
  unparsed = 0;

  reject(item: Rejected): void {
    this.rejectedTotal++;
    if (this.rejected.length < MAX_LISTED_REJECTIONS) this.rejected.push(item);
  }

  reply(): JsonBatchReply {
    return {
      kind: 'read',
      rejected: this.rejected,
      rejectedTotal: this.rejectedTotal,
      unparsed: this.unparsed,
    };
  }
}

export function tooDeep(index: number, line: number | undefined): Rejected {
  const reason = `objects and arrays nested deeper than ${MAX_JSON_DEPTH} levels`;
  return line === undefined ? { index, field: '(item)', reason } : { index, line, field: '(item)', reason };
}

function jsonLineError(index: number, item: Extract<BodyItem, { error: JsonErrorLocation }>): Rejected {
  return {
    index,
    line: item.line,
    field: '(json)',
    reason: `malformed JSON at line ${item.error.line} column ${item.error.column}: ${item.error.message}`,
  };
}

/**
 * A JSON or NDJSON batch into `recorder`: a malformed NDJSON line is rejected on its own; `toInput`
 * turns each item into an event input, or undefined when it cannot (counted as unparsed, kept as a
 * sample). Runs on the event loop or in an intake worker alike; pure but for the recorder.
 */
export function readJsonBatch(
  request: JsonBatchRequest,
  toInput: (value: unknown) => unknown,
  recorder: BatchRecorder,
): JsonBatchReply {
  const { ndjson, maxItems, host, meta, rawMaxBytes } = request;
  const body = Buffer.from(request.body.buffer, request.body.byteOffset, request.body.byteLength);
  const counted = ndjson ? countNdjsonItems(body, maxItems) : 0;
  const parsed: ParsedBody =
    counted > maxItems
      ? { ok: false, tooMany: counted }
      : parseEventsBody(body.toString('utf8'), ndjson, maxItems);
  if (!parsed.ok && parsed.tooMany !== undefined) return { kind: 'too-many-items' };
  if (!parsed.ok) return { kind: 'malformed', error: parsed.error };
  const refusals = new Refusals();
  parsed.items.forEach((item, index) => {
    if (!item.ok && item.tooDeep) {
      recorder.reject(host, 'too-deep');
      refusals.reject(tooDeep(index, item.line));
      return;
    }
    if (!item.ok) {
      recorder.reject(host, 'malformed-json');
      refusals.reject(jsonLineError(index, item));
      return;
    }
    const raw = rawMaxBytes === 0 ? undefined : (item.raw ?? JSON.stringify(item.value));
    const input = toInput(item.value);
    if (input === undefined) {
      recorder.unparsed(host, raw ?? '');
      refusals.unparsed++;
      return;
    }
    const result = recorder.add(input, raw === undefined ? meta : { ...meta, raw });
    if (!result.ok) refusals.reject({ index, ...result.rejection });
  });
  return refusals.reply();
}
