/**
 * A cell is one combination of the dimensions the aggregator counts by: trunk, source, method,
 * code and two outcome flags. Its key packs them into one integer below 2^50 so a bucket can count
 * in a Map<number, number> or in typed arrays, never one object per event.
 *
 *   key = (trunk * 2^16 + source) * 2^18 + ((code - 100) * 64 + method) * 4 + flags
 */
/** The response is the final outcome of a call (see outcome.ts). */
export declare const FLAG_CALL_OUTCOME = 1;
/** A 487 after the caller's CANCEL: abandoned, not failed. */
export declare const FLAG_ABANDONED = 2;
export declare const MAX_DIMENSION_ID = 65535;
export declare const MAX_METHOD_ID = 63;
export declare const CODE_SLOTS = 600;
export declare const FLAG_COMBINATIONS = 4;
export interface CellParts {
    trunk: number;
    source: number;
    method: number;
    code: number;
    flags: number;
}
export declare function packCell(trunk: number, source: number, method: number, code: number, flags: number): number;
/** The low part: code, method and flags (< 2^18). */
export declare function lowOf(key: number): number;
/** The high part: trunk and source (< 2^32). */
export declare function highOf(key: number): number;
export declare const trunkOfHigh: (high: number) => number;
export declare const sourceOfHigh: (high: number) => number;
export declare const flagsOfLow: (low: number) => number;
export declare const methodOfLow: (low: number) => number;
export declare const codeOfLow: (low: number) => number;
/** Index into per-(code, flags) tables: (code - 100) * 4 + flags. */
export declare const profileIndexOfLow: (low: number) => number;
export declare function unpackCell(key: number): CellParts;
