import type { Extractor } from './types.js';
/**
 * Any `SIP/2.0 NNN Reason` status line inside a message. When the whole response follows (SBCs and
 * trace logs print the message, with the line breaks as LF or rsyslog's `#012`), its Call-ID, CSeq,
 * From and To headers are read too, and the CSeq method becomes the event's method.
 */
export declare const statusLineExtractor: Extractor;
