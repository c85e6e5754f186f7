/**
 * Bounded name → id tables for the dimensions the aggregator slices by (trunk, source, method).
 * Ids are stable for the life of the database (cells store ids, not names). Past the cap, new
 * names fold into `other` and the fold is counted.
 */
export declare const NONE_ID = 0;
export declare const OTHER_ID = 1;
/** Shown for events that did not carry the dimension at all. */
export declare const NONE_NAME = "(none)";
export declare const OTHER_NAME = "other";
export declare const DIMENSION_KINDS: readonly ["trunk", "source", "method"];
export type DimensionKind = (typeof DIMENSION_KINDS)[number];
export interface DimensionEntry {
    kind: DimensionKind;
    id: number;
    name: string;
}
export declare class DimensionTable {
    readonly kind: DimensionKind;
    /** Distinct names kept, besides `(none)` and `other`. */
    readonly cap: number;
    private readonly normalise;
    private readonly ids;
    private readonly names;
    private unsaved;
    /** Events whose name was folded into `other` because the table was full. */
    folded: number;
    constructor(kind: DimensionKind, 
    /** Distinct names kept, besides `(none)` and `other`. */
    cap: number, normalise?: (name: string) => string);
    /** The id of a name, interning it while there is room. */
    idOf(name: string | undefined): number;
    /** Looks a name up without interning it (filters); `(none)` and `other` are names too. */
    find(name: string): number | undefined;
    nameOf(id: number): string;
    /** Ids in use, `(none)` and `other` included. */
    get size(): number;
    /** Entries interned since the last call (the flush persists them). */
    takeUnsaved(): DimensionEntry[];
    /** Puts entries back after a failed write. */
    restoreUnsaved(entries: DimensionEntry[]): void;
    /** Restores persisted entries; ids must be dense from 2 (gaps are filled with `other`). */
    load(entries: readonly DimensionEntry[]): void;
    /** Every named entry (ids ≥ 2). */
    entries(): DimensionEntry[];
}
