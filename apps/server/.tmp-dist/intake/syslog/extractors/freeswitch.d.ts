import type { Extractor } from './types.js';
/**
 * FreeSWITCH sofia: gateway pings (`Ping failed <gateway> with code 408`: an OPTIONS the gateway did
 * not answer), gateway registrations (`<gateway> Failed Registration with status <phrase> [403]`).
 * Codes outside 100-699 there (904 and friends) are sofia's own and yield nothing.
 */
export declare const freeswitchSofiaExtractor: Extractor;
/** sofia-sip's transaction layer: `nta: received 480 Temporarily Unavailable for INVITE (1)`. */
export declare const sofiaNtaExtractor: Extractor;
