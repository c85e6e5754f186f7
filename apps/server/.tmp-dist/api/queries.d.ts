import type { Clock } from '../clock.js';
import type { Aggregator } from '../core/aggregator.js';
import type { CellTable } from '../core/cell-table.js';
import type { TimeWindow } from '../core/summary.js';
import type { TallyOptions } from '../core/tally.js';
import { Tally } from '../core/tally.js';
import type { Store } from '../store/store.js';
import type { CodeBreakdown, EventFilter, LiveWindow, SeriesGroup, SeriesPoint, SeriesResponse, Summary, TrunksResponse } from '../wire/aggregates.js';
import type { Snapshot, Subscription, Tick } from '../wire/socket.js';
export declare const WINDOW_MS: Record<LiveWindow, number>;
/** A snapshot carries this many 1-second points. */
export declare const SNAPSHOT_SECONDS = 900;
export declare const MAX_SERIES_POINTS = 5000;
interface Covered extends TimeWindow {
    tables: CellTable[];
}
/**
 * Answers every read (REST, snapshots, ticks) from the aggregator's memory, and from the store for
 * minutes older than memory holds. The numbers themselves come from the pure core (tally, kpis,
 * summary); this layer only gathers the tables.
 */
export declare class QueryService {
    private readonly agg;
    private readonly store;
    private readonly clock;
    constructor(agg: Aggregator, store: Pick<Store, 'readMinutes'>, clock: Clock);
    /** The end of the newest closed second. */
    liveEnd(): number;
    liveRange(window: LiveWindow): TimeWindow;
    /** The cell tables counting [from, to) once each (the range aligned as the data allows). */
    cover(from: number, to: number): Covered;
    tally(tables: readonly CellTable[], filter: EventFilter, options?: TallyOptions): Tally;
    summary(from: number, to: number, filter: EventFilter): Summary;
    /**
     * Points of `stepMs` over [from, to), aligned to multiples of the step. Where the range reaches
     * before the live window, only minutes exist: the step is rounded up to whole minutes.
     */
    series(from: number, to: number, stepMs: number, group: SeriesGroup, filter: EventFilter): SeriesResponse;
    /** One code over a window: count, share of finals, and where it came from. */
    codeBreakdown(code: number, tables: readonly CellTable[], filter: EventFilter): CodeBreakdown;
    trunks(from: number, to: number): TrunksResponse;
    /** What a subscriber gets first: the window's summary and the last 15 minutes by second. */
    snapshot(sub: Subscription): Snapshot;
    /** One tick: the closed second as a point, and the window ending with it. */
    tick(sub: Subscription, closedSecond: number): Tick;
    secondPoint(second: number, filter: EventFilter): SeriesPoint;
    /** The registry's view of a code, with the server's category overrides applied. */
    describe(code: number): {
        entry: import("@sipwatch/codes").SipCodeEntry;
        known: boolean;
        category: "success" | "provisional" | "redirect" | "challenge" | "user" | "network" | "request";
    } | undefined;
}
export {};
