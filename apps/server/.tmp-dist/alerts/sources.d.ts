import type { QueryService } from '../api/queries.js';
import type { Aggregator } from '../core/aggregator.js';
import type { IngestStats } from '../intake/stats.js';
import type { Store } from '../store/store.js';
import type { AlertSources } from './alert-service.js';
import type { MetricSource, TimeRange, TimingSource, UnparsedSource } from './metric.js';
/**
 * Adapters from the server's aggregation (QueryService, Aggregator, Store, IngestStats, and the HEP
 * intake's CallTimings) to the
 * narrow sources the alerts read. Only counts are gathered here; the numbers come from the core's
 * own KPI code, so a rule sees exactly what the dashboard shows.
 */
export interface AggregationParts {
    queries: Pick<QueryService, 'cover' | 'tally'>;
    aggregator: Pick<Aggregator, 'profiles' | 'minuteFloor' | 'minuteAt'>;
    store?: Pick<Store, 'readMinutes'> | undefined;
    stats?: Pick<IngestStats, 'snapshot'> | undefined;
    /** Per-call PDD and setup time from HEP (`hep.timings`); the timing metrics need it. */
    timings?: TimingSource | undefined;
}
/** Live windows: 1-second buckets and minute rollups, as the aggregator holds them. */
export declare function liveMetrics(parts: AggregationParts): MetricSource;
/**
 * Minute rollups over a past range, read from the store once (memory for the newest minutes),
 * then summed per window: for backtests, which ask for about 1,440 windows at a time.
 */
export declare function rollupMetrics(parts: AggregationParts, range: TimeRange): MetricSource;
/** The intake's last minute: lines that yielded no event among all it received. */
export declare function ingestUnparsed(stats: Pick<IngestStats, 'snapshot'>): UnparsedSource;
export declare function aggregationSources(parts: AggregationParts): AlertSources;
