import type { Channel } from '../../wire/event.js';
import type { IntakeBatch } from '../intake.js';
import type { Normaliser } from '../normalise.js';
import type { ExtractorChain } from './extractors/index.js';
import type { Extracted } from './extractors/types.js';
export type LineReading = {
    kind: 'event';
    host: string;
    format: string;
    fields: Extracted;
} | {
    kind: 'unparsed';
    host: string;
};
/**
 * What one syslog message (or any log line) says: the sending host (the header's HOSTNAME, else the
 * peer address) and either an event's fields or nothing. Pure; never throws.
 */
export declare function readLogLine(text: string, peer: string, chain: ExtractorChain): LineReading;
export interface LineContext {
    channel: Channel;
    /** The peer address (used as host when the message names none). */
    peer: string;
    receivedAt: number;
    chain: ExtractorChain;
    normalise: Normaliser;
}
/**
 * Reads one line into the batch: an event, or a counted and sampled unparsed line. A log line whose
 * optional field does not validate (an odd port, a method with a slash) still gives its event, without
 * that field: only a bad code rejects it. Reusable by any adapter that receives log lines (HEP type 100).
 */
export declare function ingestLogLine(batch: IntakeBatch, text: string, ctx: LineContext): void;
