import { MINUTE_MS } from '@sipwatch/wire';
import type { QueryService } from '../api/queries.js';
import type { Aggregator } from '../core/aggregator.js';
import type { CellTable } from '../core/cell-table.js';
import { kpisOf } from '../core/kpis.js';
import { classCounts, codeCounts, seconds } from '../core/summary.js';
import type { Tally } from '../core/tally.js';
import type { IngestStats } from '../intake/stats.js';
import type { Store } from '../store/store.js';
import type { EventFilter } from '@sipwatch/wire';
import type { AlertSources } from './evaluator.js';
import type { MetricSource, MetricSummary, TimeRange, TimingSource, UnparsedSource } from './metric.js';

/**
 * Adapters from the server's aggregation (QueryService, Aggregator, Store, IngestStats, and the HEP
 * intake's CallTimings) to the
 * narrow sources the alerts read. Only counts are gathered here; the numbers come from the core's
 * own KPI code, so a rule sees exactly what the dashboard shows.
 */

export interface AggregationParts {
  queries: Pick<QueryService, 'cover' | 'tally' | 'explain'>;
  aggregator: Pick<Aggregator, 'profiles' | 'minuteFloor' | 'minuteAt'>;
  store?: Pick<Store, 'readMinutes'> | undefined;
  stats?: Pick<IngestStats, 'snapshot'> | undefined;
  /** Per-call PDD and setup time from HEP (`hep.timings`); the timing metrics need it. */
  timings?: TimingSource | undefined;
}

function summaryOf(t: Tally, span: TimeRange, parts: AggregationParts): MetricSummary {
  return {
    kpis: kpisOf(t, seconds(span), parts.aggregator.profiles.rules),
    byClass: classCounts(t),
    byCode: codeCounts(t.byCode),
  };
}

/** Live windows: 1-second buckets and minute rollups, as the aggregator holds them. */
export function liveMetrics(parts: AggregationParts): MetricSource {
  return {
    summary(window: TimeRange, filter: EventFilter): MetricSummary {
      const covered = parts.queries.cover(window.from, window.to);
      return summaryOf(parts.queries.tally(covered.tables, filter), covered, parts);
    },
  };
}

/**
 * Minute rollups over a past range, read from the store once (memory for the newest minutes),
 * then summed per window: for backtests, which ask for about 1,440 windows at a time.
 */
export function rollupMetrics(parts: AggregationParts, range: TimeRange): MetricSource {
  const first = Math.floor(range.from / MINUTE_MS);
  const end = Math.ceil(range.to / MINUTE_MS);
  const floor = parts.aggregator.minuteFloor;
  const minutes = new Map<number, CellTable>();
  if (parts.store && first < floor) {
    for (const m of parts.store.readMinutes(first, Math.min(floor, end))) minutes.set(m.at, m.table);
  }
  for (let m = Math.max(first, floor); m < end; m++) {
    const table = parts.aggregator.minuteAt(m);
    if (table) minutes.set(m, table);
  }
  return {
    summary(window: TimeRange, filter: EventFilter): MetricSummary {
      const tables: CellTable[] = [];
      const from = Math.floor(window.from / MINUTE_MS);
      const to = Math.ceil(window.to / MINUTE_MS);
      for (let m = from; m < to; m++) {
        const table = minutes.get(m);
        if (table) tables.push(table);
      }
      const span = { from: from * MINUTE_MS, to: to * MINUTE_MS };
      return summaryOf(parts.queries.tally(tables, filter), span, parts);
    },
  };
}

/** The intake's last minute: lines that yielded no event among all it received. */
export function ingestUnparsed(stats: Pick<IngestStats, 'snapshot'>): UnparsedSource {
  return {
    lines() {
      const c = stats.snapshot().lastMinute;
      return { unparsed: c.unparsed, total: c.accepted + c.unparsed + c.rejectedTotal };
    },
  };
}

export function aggregationSources(parts: AggregationParts): AlertSources {
  return {
    metrics: liveMetrics(parts),
    unparsed: parts.stats ? ingestUnparsed(parts.stats) : undefined,
    timings: parts.timings,
    history: (range) => rollupMetrics(parts, range),
    explain: (range, baseline, filter) => parts.queries.explain(range.from, range.to, baseline, filter),
  };
}
