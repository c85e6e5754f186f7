/**
 * The counts of one time bucket, by cell key (see cell-key.ts). Open buckets count in a Map;
 * `compact()` moves them into sorted typed arrays (about 12 bytes a cell), which is how closed
 * buckets are kept. A late event for a compacted bucket lands in a small Map beside the arrays.
 */
export declare class CellTable {
    private keys;
    private counts;
    private open;
    static fromArrays(keys: Float64Array, counts: Uint32Array): CellTable;
    add(key: number, n?: number): void;
    /** Adds every cell of another table. */
    merge(other: CellTable): void;
    /** Distinct cells (an upper bound while late additions are pending). */
    get size(): number;
    has(key: number): boolean;
    forEach(fn: (key: number, count: number) => void): void;
    total(): number;
    /** Folds the open Map into the sorted arrays. */
    compact(): void;
    /** Sorted, unique keys and their counts (compacts first). */
    arrays(): {
        keys: Float64Array;
        counts: Uint32Array;
    };
    clone(): CellTable;
}
