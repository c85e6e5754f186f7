import type { Extractor } from './types.js';
/**
 * All key=value pairs; keys lower-cased without a leading `$`; a value runs to the separator before
 * the next key (so values may hold spaces: `reason=Request Timeout`). The first of a repeated key wins.
 */
export declare function parseKeyValues(text: string): Map<string, string>;
/** `ACC: <event>: k=v;k=v` (Kamailio, OpenSIPS, OpenSER). A call outcome record. */
export declare const accExtractor: Extractor;
/** Generic key=value and `code: NNN` lines (xlog). One reply seen by a proxy: a transaction. */
export declare const keyValueExtractor: Extractor;
