import type { SipEvent } from '../wire/event.js';
import { CellTable } from './cell-table.js';
import type { DimensionEntry } from './dimensions.js';
import { DimensionTable } from './dimensions.js';
import type { OutcomeRules } from './outcome.js';
import { ProfileTable } from './outcome.js';
/**
 * The functional core of the live numbers: counts events into 1-second buckets for the live
 * window and 1-minute rollups, by cell (trunk × source × method × code × outcome flags). No I/O,
 * no timers: the shell passes `now` in, drains what changed (`takeDirty`) for the store, and reads
 * tables back for queries (`tablesFor`).
 */
export declare const SECOND_MS = 1000;
export declare const MINUTE_MS = 60000;
export interface AggregatorOptions {
    liveSeconds: number;
    retentionDays: number;
    maxTrunks: number;
    maxSources: number;
    rules: OutcomeRules;
    /** Minutes held in memory; older ones are read from the store. Default: the live window + 5. */
    minuteMemory?: number;
}
export declare const REJECT_REASONS: readonly ["older-than-retention"];
export type RejectReason = (typeof REJECT_REASONS)[number];
export interface Rejection {
    event: SipEvent;
    reason: RejectReason;
}
export interface TimedTable {
    /** Second or minute number (ms / 1000 or ms / 60000). */
    at: number;
    table: CellTable;
}
/** What changed since the last drain: full tables to replace, deltas to add. */
export interface DirtySet {
    seconds: TimedTable[];
    minutes: TimedTable[];
    /** Minutes older than memory: deltas to add to what the store holds. */
    minuteDeltas: TimedTable[];
    dimensions: DimensionEntry[];
}
/** The tables covering a time range, and the part only the store can answer. */
export interface Coverage {
    /** The range actually covered, aligned to seconds (to minutes outside the live window). */
    from: number;
    to: number;
    tables: CellTable[];
    /** Minutes [from, to) to read from the store as well; null when memory covers everything. */
    storeMinutes: {
        from: number;
        to: number;
    } | null;
}
export declare class Aggregator {
    readonly trunks: DimensionTable;
    readonly sources: DimensionTable;
    readonly methods: DimensionTable;
    readonly profiles: ProfileTable;
    readonly liveSeconds: number;
    readonly minuteMemory: number;
    readonly retentionMs: number;
    private readonly ring;
    private readonly ringSeconds;
    private readonly minutes;
    private readonly minuteDeltas;
    private dirtySeconds;
    private dirtyMinutes;
    private currentSecond;
    /** Since start, for /metrics: responses per code (index code - 100). */
    readonly totalByCode: Float64Array<ArrayBuffer>;
    /** Since start, for /metrics: responses per trunk id × class index. */
    private totalByTrunkClass;
    accepted: number;
    clamped: number;
    constructor(opts: AggregatorOptions);
    /** The second `now` falls in; buckets before it are closed. */
    get nowSecond(): number;
    /** The oldest second the live window holds. */
    get liveStartSecond(): number;
    /** The oldest minute held in memory. */
    get minuteFloor(): number;
    /** Counts a batch. Events older than retention are returned as rejections, not counted. */
    add(events: readonly SipEvent[], now: number): Rejection[];
    /**
     * Moves time on: closes seconds, compacts closed buckets, drops minutes that left memory.
     * Returns the newest closed second.
     */
    tick(now: number): number;
    /** The 1-second table of a second in the live window, if it saw anything. */
    secondAt(second: number): CellTable | undefined;
    minuteAt(minute: number): CellTable | undefined;
    /**
     * The tables that together count [from, to) once each: whole minutes from the rollups, partial
     * minutes from 1-second buckets where the live window has them. Outside the live window the
     * range widens to whole minutes.
     */
    tablesFor(fromMs: number, toMs: number): Coverage;
    /**
     * Hands over everything changed since the last call; `restoreDirty` undoes it after a failed
     * write. A minute still open stays pending until it closes (its seconds carry it meanwhile, and
     * `load` rebuilds it from them), so a flush never rewrites the busiest table every second;
     * `all` hands over open minutes too (the final flush).
     */
    takeDirty(options?: {
        all?: boolean;
    }): DirtySet;
    restoreDirty(set: DirtySet): void;
    /** Restores what the store kept, before any event is added. */
    load(state: {
        dimensions: DimensionEntry[];
        seconds: TimedTable[];
        minutes: TimedTable[];
    }, now: number): void;
    /** Cumulative responses per trunk and class since start (for /metrics). */
    forEachTrunkTotal(fn: (trunk: string, classIndex: number, count: number) => void): void;
    /** Cells held in memory (for the memory bench and /metrics). */
    cellCount(): number;
    /** Moves the current second forward (never back). */
    advance(now: number): void;
    private ringTable;
    private secondTable;
    private countTotal;
}
