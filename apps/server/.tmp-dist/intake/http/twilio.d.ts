import type { CandidateInput } from '../normalise-schema.js';
/**
 * A Twilio status callback (form fields) as a call outcome. `DialSipResponseCode` (the <Dial> action
 * callback, the dialled leg) wins over `SipResponseCode` (the call itself). Progress callbacks
 * (initiated, ringing, in-progress) and callbacks without a SIP code give no event: undefined.
 */
export declare function mapTwilioCallback(p: URLSearchParams): CandidateInput | undefined;
