import type { CandidateInput } from '../normalise-schema.js';
import type { JsonParseResult } from './json-error.js';
/**
 * mod_json_cdr posts the CDR in one of three ways (json_cdr.conf `encode`): raw JSON
 * (application/json), `cdr=<url-encoded JSON>` (application/x-www-form-urlencoded, the default),
 * or `cdr=<base64 JSON>` (application/x-www-form-base64-encoded, where `+` and `/` are not escaped).
 */
export declare function decodeFreeswitchBody(text: string, mediaType: string | undefined): JsonParseResult;
/** One mod_json_cdr record (one call leg) as a call outcome, or undefined when it has none. */
export declare function mapFreeswitchCdr(cdr: unknown): CandidateInput | undefined;
