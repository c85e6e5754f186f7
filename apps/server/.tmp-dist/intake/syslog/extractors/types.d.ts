import type { CandidateInput } from '../../normalise-schema.js';
/** The fields an extractor found in a message; `scope` defaults to `transaction`. */
export type Extracted = Omit<CandidateInput, 'raw'>;
/**
 * One way of reading a SIP response out of a log message. Pure.
 * Returns the fields when the message is an outcome it knows; `null` when it recognises the message
 * but it is not an outcome (stops the chain, so a generic extractor cannot misread it); `undefined`
 * when the message is not its kind.
 */
export interface Extractor {
    /** Becomes the event's `source.format`. */
    readonly name: string;
    extract(message: string): Extracted | null | undefined;
}
/** A 3-digit SIP status code in range, as a number, or undefined. */
export declare function sipCode(text: string | undefined): number | undefined;
/** `host:port`, `[v6]:port` or a bare address. */
export declare function splitHostPort(text: string): {
    ip: string;
    port?: string;
};
