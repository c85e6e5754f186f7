/**
 * A cell is one combination of the dimensions the aggregator counts by: trunk, source, method,
 * code and two outcome flags. Its key packs them into one integer below 2^50 so a bucket can count
 * in a Map<number, number> or in typed arrays, never one object per event.
 *
 *   key = (trunk * 2^16 + source) * 2^18 + ((code - 100) * 64 + method) * 4 + flags
 */
/** The response is the final outcome of a call (see outcome.ts). */
export const FLAG_CALL_OUTCOME = 1;
/** A 487 after the caller's CANCEL: abandoned, not failed. */
export const FLAG_ABANDONED = 2;
export const MAX_DIMENSION_ID = 0xffff;
export const MAX_METHOD_ID = 63;
export const CODE_SLOTS = 600;
export const FLAG_COMBINATIONS = 4;
const LOW = 2 ** 18;
export function packCell(trunk, source, method, code, flags) {
    return (trunk * 65536 + source) * LOW + (((code - 100) * 64 + method) * 4 + flags);
}
/** The low part: code, method and flags (< 2^18). */
export function lowOf(key) {
    return key % LOW;
}
/** The high part: trunk and source (< 2^32). */
export function highOf(key) {
    return Math.floor(key / LOW);
}
export const trunkOfHigh = (high) => high >>> 16;
export const sourceOfHigh = (high) => high & 0xffff;
export const flagsOfLow = (low) => low & 3;
export const methodOfLow = (low) => (low >> 2) & 63;
export const codeOfLow = (low) => (low >> 8) + 100;
/** Index into per-(code, flags) tables: (code - 100) * 4 + flags. */
export const profileIndexOfLow = (low) => ((low >> 8) << 2) | (low & 3);
export function unpackCell(key) {
    const low = lowOf(key);
    const high = highOf(key);
    return {
        trunk: trunkOfHigh(high),
        source: sourceOfHigh(high),
        method: methodOfLow(low),
        code: codeOfLow(low),
        flags: flagsOfLow(low),
    };
}
//# sourceMappingURL=cell-key.js.map