/** Percentiles of one delay over a window, in milliseconds; null when no call contributed. */
export interface TimingStats {
    p50: number | null;
    p95: number | null;
    count: number;
}
/** Call timing of a slice of traffic, from HEP (the one source that sees the INVITE and its replies). */
export interface TimingSummary {
    /** Post-dial delay: INVITE → first 18x. */
    pdd: TimingStats;
    /** Setup time: INVITE → final response (abandoned calls excluded). */
    setup: TimingStats;
}
export interface TimingRow extends TimingSummary {
    trunk: string;
}
/** GET /api/v1/timing */
export interface TimingResponse {
    window: {
        from: number;
        to: number;
    };
    filter: {
        trunk?: string;
    };
    total: TimingSummary;
    trunks: TimingRow[];
}
