import type { Extractor } from './types.js';
/**
 * Asterisk chan_sip: `Got SIP response 503 "Service Unavailable" back from 1.2.3.4:5060`, logged for
 * an error reply to a request Asterisk sent (the method is not in the line, so none is assumed).
 */
export declare const asteriskChanSipExtractor: Extractor;
/**
 * Asterisk PJSIP outbound registration: the debug line `Processing REGISTER response 408 from server
 * '…'` and the warnings `Fatal|Temporal response '403' received from '…' on registration attempt`.
 * With debug on, one failure can appear in both forms.
 */
export declare const asteriskPjsipExtractor: Extractor;
