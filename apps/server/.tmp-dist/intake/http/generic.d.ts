import type { Config } from '../../config.js';
import type { CandidateInput } from '../normalise-schema.js';
export type FieldMapping = Config['ingest']['mappings'][string];
/**
 * The value at a dotted path (`data.payload.sip_hangup_cause`; array items by index, `calls.0.code`).
 * `a.b|c.d` tries each alternative in turn and takes the first present, non-empty value.
 */
export declare function valueAt(root: unknown, path: string): unknown;
/**
 * A posted JSON object through a configured mapping. Undefined when the mapped code is absent (the
 * vendor's other event types): such payloads are counted as unparsed, not rejected.
 */
export declare function mapGeneric(payload: unknown, mapping: FieldMapping): CandidateInput | undefined;
