import type { UserExtractorConfig } from './user.js';
import type { Extracted, Extractor } from './types.js';
export type { Extracted, Extractor } from './types.js';
export { compileUserExtractor } from './user.js';
export type { UserExtractorConfig } from './user.js';
/**
 * The built-in chain, most specific first: vendor formats before the SIP status line, and the
 * generic key=value reader last so it never claims a line a vendor extractor understands.
 */
export declare const BUILTIN_EXTRACTORS: readonly Extractor[];
export interface Extraction {
    format: string;
    fields: Extracted;
}
export type ExtractorChain = (message: string) => Extraction | undefined;
/** User extractors run first (they are how an operator overrides or extends the built-ins). */
export declare function createExtractorChain(user?: readonly UserExtractorConfig[]): ExtractorChain;
