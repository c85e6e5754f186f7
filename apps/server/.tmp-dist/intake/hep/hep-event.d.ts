import type { NormaliseOptions, NormaliseResult, SourceMeta } from '../normalise.js';
/**
 * The fields of a SIP response as the HEP decoder and SIP parser produce them: already typed and
 * bounded (a code from a valid status line, a CSeq below 2^31, a method token, IP text).
 */
export interface HepResponseFields {
    code: number;
    ts: number;
    reason?: string;
    method?: string;
    callId?: string;
    cseq?: number;
    inDialog?: boolean;
    cancelled?: boolean;
    /** From/To header values as sent; the URI is taken out here, as for every channel. */
    from?: string;
    to?: string;
    srcIp?: string;
    srcPort?: number;
    dstIp?: string;
    dstPort?: number;
}
export type HepEventBuilder = (fields: HepResponseFields, meta: SourceMeta) => NormaliseResult;
/**
 * The intake's normalisation for typed HEP fields: the same helpers and the same result as
 * `createNormaliser` (a test holds the two equal), without validating loose input with a schema,
 * which would cost more than the rest of the HEP path per packet.
 */
export declare function createHepEventBuilder(options: NormaliseOptions): HepEventBuilder;
