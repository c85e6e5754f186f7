import type { Extractor } from './types.js';
export interface UserExtractorConfig {
    name: string;
    pattern: string;
    flags?: string;
    scope?: 'call' | 'transaction';
}
/** Named groups a user pattern may use; `code` is required. */
export declare const USER_GROUPS: readonly ["code", "reason", "method", "callId", "cseq", "from", "to", "srcIp", "srcPort", "dstIp", "dstPort", "trunk", "direction", "ts"];
/**
 * A regular expression from the config file (`syslog.extractors`). An invalid pattern, or one
 * without a `code` group, is a configuration error reported at start, naming the entry.
 */
export declare function compileUserExtractor(config: UserExtractorConfig, index: number): Extractor;
