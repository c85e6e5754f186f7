import type { SipClass } from '@sipwatch/codes';
import type { EventFilter } from '../wire/aggregates.js';
import type { CellTable } from './cell-table.js';
import type { DimensionTable } from './dimensions.js';
import type { CallKind } from './outcome.js';
import type { ProfileTable } from './outcome.js';
/** A filter with names turned into ids; -1 matches nothing (a name never seen). */
export interface ResolvedFilter {
    trunk?: number;
    source?: number;
    method?: number;
    code?: number;
    classIndex?: number;
}
export interface Dimensions {
    trunks: DimensionTable;
    sources: DimensionTable;
    methods: DimensionTable;
}
export declare function resolveFilter(filter: EventFilter, dims: Dimensions): ResolvedFilter;
/** Per-dimension row fields, laid out in one Float64Array per dimension. */
export declare const ROW_FIELDS: number;
export interface RowCounts {
    id: number;
    responses: number;
    finals: number;
    counted: number;
    failures: number;
    byClass: Record<SipClass, number>;
}
export interface TallyOptions {
    /** Count per trunk, source and method, and failures per code × trunk/source (summaries). */
    dimensions?: boolean;
    /** Count per trunk only (series grouped by trunk). */
    trunks?: boolean;
}
/**
 * Sums cells that match a filter. Everything a Summary, a SeriesPoint or a Tick reports is read
 * from one of these; the KPI formulas live in kpis.ts.
 */
export declare class Tally {
    private readonly profiles;
    private readonly filter;
    responses: number;
    finals: number;
    /** Finals in the failure-rate denominator. */
    counted: number;
    failures: number;
    challenges: number;
    abandoned: number;
    /** Counted finals in the `network` category. */
    network: number;
    /** Call outcomes by CALL_KINDS index (0, `none`, unused). */
    readonly calls: Float64Array<ArrayBuffer>;
    ineffective: number;
    readonly byClass: Float64Array<ArrayBuffer>;
    /** Responses per code (index code - 100). */
    readonly byCode: Float64Array<ArrayBuffer>;
    /** Failures per code (index code - 100). */
    readonly failuresByCode: Float64Array<ArrayBuffer>;
    readonly byMethod: Float64Array | undefined;
    readonly trunkRows: Float64Array | undefined;
    readonly sourceRows: Float64Array | undefined;
    /** Failures by code × trunk id, key (code - 100) * 65536 + id. */
    readonly failureTrunks: Map<number, number> | undefined;
    readonly failureSources: Map<number, number> | undefined;
    constructor(profiles: ProfileTable, filter: ResolvedFilter, dims: Dimensions, options?: TallyOptions);
    addTables(tables: readonly CellTable[]): this;
    readonly addCell: (key: number, count: number) => void;
    callCount(kind: CallKind): number;
}
/** The non-empty rows of a per-dimension array. */
export declare function rowsOf(rows: Float64Array | undefined): RowCounts[];
