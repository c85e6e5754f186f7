import { eventSource } from '../normalise.js';
import { parseSyslog } from './header.js';
/**
 * What one syslog message (or any log line) says: the sending host (the header's HOSTNAME, else the
 * peer address) and either an event's fields or nothing. Pure; never throws.
 */
export function readLogLine(text, peer, chain) {
    const msg = parseSyslog(text);
    const host = msg.hostname ?? peer;
    const found = chain(msg.message);
    if (!found)
        return { kind: 'unparsed', host };
    const fields = found.fields;
    // A zoned header time is the event time unless the message carries its own.
    if (fields.ts === undefined && msg.ts !== undefined)
        fields.ts = msg.ts;
    return { kind: 'event', host, format: found.format, fields };
}
const MAX_FIELD_RETRIES = 4;
/**
 * Reads one line into the batch: an event, or a counted and sampled unparsed line. A log line whose
 * optional field does not validate (an odd port, a method with a slash) still gives its event, without
 * that field: only a bad code rejects it. Reusable by any adapter that receives log lines (HEP type 100).
 */
export function ingestLogLine(batch, text, ctx) {
    const reading = readLogLine(text, ctx.peer, ctx.chain);
    if (reading.kind === 'unparsed') {
        batch.unparsed(reading.host, text);
        return;
    }
    let fields = reading.fields;
    const meta = {
        source: eventSource(ctx.channel, reading.format, reading.host),
        receivedAt: ctx.receivedAt,
        scope: 'transaction',
        raw: text,
    };
    let result = ctx.normalise(fields, meta);
    for (let attempt = 0; !result.ok && attempt < MAX_FIELD_RETRIES; attempt++) {
        const field = result.rejection.field;
        if (field === 'code' || !(field in fields))
            break;
        fields = { ...fields };
        delete fields[field];
        result = ctx.normalise(fields, meta);
    }
    batch.record(result, reading.host);
}
//# sourceMappingURL=interpret.js.map