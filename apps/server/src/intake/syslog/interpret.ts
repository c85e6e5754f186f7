import type { Channel } from '@sipwatch/wire';
import type { BatchRecorder } from '../intake.js';
import { eventSource } from '../normalise.js';
import type { Normaliser, SourceMeta } from '../normalise.js';
import { parseSyslog } from './header.js';
import { dimensionName } from '../../core/names.js';
import type { ExtractorChain } from './extractors/index.js';
import type { Extracted } from './extractors/types.js';

export type LineReading =
  { kind: 'event'; host: string; format: string; fields: Extracted } | { kind: 'unparsed'; host: string };

/**
 * What one syslog message (or any log line) says: the sending host (the header's HOSTNAME, else the
 * peer address) and either an event's fields or nothing. Pure; never throws.
 */
export function readLogLine(text: string, peer: string, chain: ExtractorChain): LineReading {
  const msg = parseSyslog(text);
  const host = dimensionName(msg.hostname ?? peer);
  const found = chain(msg.message);
  if (!found) return { kind: 'unparsed', host };
  const fields = found.fields;
  // A zoned header time is the event time unless the message carries its own.
  if (fields.ts === undefined && msg.ts !== undefined) fields.ts = msg.ts;
  return { kind: 'event', host, format: found.format, fields };
}

export interface LineContext {
  channel: Channel;
  /** The peer address (used as host when the message names none). */
  peer: string;
  receivedAt: number;
  chain: ExtractorChain;
  normalise: Normaliser;
}

const MAX_FIELD_RETRIES = 4;

/**
 * Reads one line into the batch: an event, or a counted and sampled unparsed line. A log line whose
 * optional field does not validate (an odd port, a method with a slash) still gives its event, without
 * that field: only a bad code rejects it. Reusable by any adapter that receives log lines (HEP type 100).
 */
export function ingestLogLine(batch: BatchRecorder, text: string, ctx: LineContext): void {
  const reading = readLogLine(text, ctx.peer, ctx.chain);
  if (reading.kind === 'unparsed') {
    batch.unparsed(reading.host, text);
    return;
  }
  let fields: Record<string, unknown> = reading.fields;
  const meta: SourceMeta = {
    source: eventSource(ctx.channel, reading.format, reading.host),
    receivedAt: ctx.receivedAt,
    scope: 'transaction',
    raw: text,
  };
  let result = ctx.normalise(fields, meta);
  for (let attempt = 0; !result.ok && attempt < MAX_FIELD_RETRIES; attempt++) {
    const field = result.rejection.field;
    if (field === 'code' || !(field in fields)) break;
    fields = { ...fields };
    delete fields[field];
    result = ctx.normalise(fields, meta);
  }
  batch.record(result, reading.host);
}
