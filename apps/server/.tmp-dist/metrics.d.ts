import { Registry } from 'prom-client';
import type { IngestStats } from './intake/stats.js';
import type { Pipeline } from './pipeline.js';
/**
 * Prometheus exposition. Nothing here runs per event: counters are brought up to date from the
 * aggregator's and the intake's own running totals when Prometheus scrapes.
 */
export interface Metrics {
    registry: Registry;
    observeFlush(seconds: number, ok: boolean): void;
}
export interface MetricsSources {
    pipeline: () => Pipeline | undefined;
    stats: IngestStats;
    liveRooms?: () => number;
}
export declare function createMetrics(sources: MetricsSources): Metrics;
