import type { Extractor } from './types.js';
/** `06:14:01.175 UTC Thu Mar 02 2012`; other zones are ambiguous abbreviations and are ignored. */
export declare function parseCdrTime(text: string): number | undefined;
export declare const audiocodesCdrExtractor: Extractor;
