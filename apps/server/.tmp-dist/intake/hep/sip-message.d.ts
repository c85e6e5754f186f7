/**
 * The parts of a SIP message (RFC 3261 §7) that call tracking and the event need: the start line,
 * Call-ID, CSeq, From/To (the header values and their tags) and the top Via branch. Headers only;
 * the body is never decoded. Pure, and written to allocate little: it runs for every HEP packet.
 */
interface SipHeaders {
    callId?: string;
    cseq?: number;
    /** The method named in CSeq (for a response, the method of the request it answers). */
    cseqMethod?: string;
    /** The From/To header values as sent (name-addr with parameters); the intake extracts the URI. */
    from?: string;
    to?: string;
    fromTag?: string;
    toTag?: string;
    viaBranch?: string;
}
export interface SipRequest extends SipHeaders {
    kind: 'request';
    method: string;
    requestUri: string;
}
export interface SipResponse extends SipHeaders {
    kind: 'response';
    code: number;
    reason: string;
}
export type SipMessage = SipRequest | SipResponse;
/** Parses a SIP message from a HEP payload; undefined when the start line is not SIP/2.0. */
export declare function parseSipMessage(payload: Buffer | string): SipMessage | undefined;
/** Parses the start line and headers as `sipHeaderText` returns them. */
export declare function parseSipHeaders(text: string): SipMessage | undefined;
/** The start line and headers of a message (the body never decoded), at most 16 k characters. */
export declare function sipHeaderText(payload: Buffer | string): string;
export {};
