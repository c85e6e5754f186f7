import { useMemo } from 'react';
import type {
  ClassCounts,
  DimensionRow,
  Kpis,
  LiveWindow,
  SeriesPoint,
  ServerGap,
  Summary,
} from '@sipwatch/wire';
import { failureRate } from '@sipwatch/wire/metrics';
import { useQuery, useTickQuery } from '../../api/react';
import type { ChartPoint } from '../../charts/series-data';
import {
  binned,
  blankChartPoint,
  breakAtGaps,
  gapsWithin,
  joinHistoryAndLive,
  toChartPoints,
  within,
} from '../../charts/series-data';
import type { ChosenBaseline, CodeSpike } from '../../lib/baseline';
import { biggestSpike, pickBaseline } from '../../lib/baseline';
import type { RecentRate } from '../../lib/recent-rate';
import { recentRate } from '../../lib/recent-rate';
import type { TopFailureLists } from '../../lib/top-failures';
import { topFailureRows } from '../../lib/top-failures';
import type { ResolvedRange, ViewState } from '../../lib/view-state';
import { isLiveRange, resolveRange } from '../../lib/view-state';
import { useLive, useLiveStoreApi } from '../../store/react';
import { selectView } from '../../store/live-store';
import type { KpiSample } from '../../store/live-data';
import { SERIES_SPAN_MS, emptyLiveData } from '../../store/live-data';
import type { FilterOptions } from '../shell/Toolbar';

export interface Sparks {
  responses: (number | null)[];
  failureRate: (number | null)[];
  asr: (number | null)[];
  ner: (number | null)[];
}

/** What the overview and the wall draw, the same shape for live windows and history. */
export interface OverviewModel {
  live: boolean;
  range: ResolvedRange;
  kpis: Kpis | null;
  /**
   * Live windows: responses per second over the newest seconds, which is what "now" means to a
   * NOC (the KPIs' rate is the window's total over the window's whole length). Null for history.
   */
  recent: RecentRate | null;
  byClass: ClassCounts | null;
  byCode: Record<string, number>;
  baseline: ChosenBaseline | null;
  spike: CodeSpike | null;
  chart: ChartPoint[];
  /** Spans of the range the server was not running (the chart is blank there). */
  gaps: ServerGap[];
  /** Raw points behind the chart (per-code trends use them) and their width. */
  points: SeriesPoint[];
  /** Responses the chart's points add up to (tests and screen readers compare it with the KPIs). */
  chartResponses: number;
  pointStepMs: number;
  sparks: Sparks;
  topFailures: TopFailureLists;
  trunks: DimensionRow[];
  sources: DimensionRow[];
  /** Methods seen in the range, for the method filter. */
  methods: string[];
  loading: boolean;
  error: Error | undefined;
}

/** The toolbar's filter choices: the trunks, sources and methods the range has seen. */
export function filterOptions(model: Pick<OverviewModel, 'trunks' | 'sources' | 'methods'>): FilterOptions {
  return {
    trunks: model.trunks.map((t) => t.name),
    sources: model.sources.map((s) => s.name),
    methods: model.methods,
  };
}

const SPARK_BINS = 30;
const IDLE = emptyLiveData();
/**
 * The trunk and source tables (and the top list's phrases) follow the socket's ticks: asked for
 * again once a tick is this far past the last request, so a storm shows in them within 2 s as it
 * does in the tiles, and they redraw at most once a second.
 */
export const TABLES_REFRESH_MS = 2_000;
const HISTORY_REFRESH_MS = 60_000;

function sum(chunk: readonly SeriesPoint[], pick: (p: SeriesPoint) => number): number {
  return chunk.reduce((n, p) => n + pick(p), 0);
}

function seriesSparks(
  points: readonly SeriesPoint[],
  stepMs: number,
): Pick<Sparks, 'responses' | 'failureRate'> {
  return {
    responses: binned(points, SPARK_BINS, (c) => sum(c, (p) => p.responses) / ((c.length * stepMs) / 1000)),
    failureRate: binned(points, SPARK_BINS, (c) =>
      failureRate({ failures: sum(c, (p) => p.failures), countedFinals: sum(c, (p) => p.countedFinals) }),
    ),
  };
}

function kpiSparks(samples: readonly KpiSample[], pick: (s: KpiSample) => number | null): (number | null)[] {
  return binned(samples, SPARK_BINS, (c) => {
    const values = c.map(pick).filter((v): v is number => v !== null);
    return values.length ? values.reduce((a, b) => a + b, 0) / values.length : null;
  });
}

function filterKey(view: ViewState): string {
  return JSON.stringify([view.filter.trunk ?? '', view.filter.source ?? '', view.filter.method ?? '']);
}

/** Live windows: the socket's data; tables and older history from REST, refreshed in the background. */
export function useLiveOverview(view: ViewState, enabled: boolean): OverviewModel | null {
  // Disabled (a history range is shown): select a constant so ticks do not re-render the page.
  const data = useLive((s) => (enabled ? selectView(s) : IDLE));
  const paused = useLive((s) => s.frozen !== null);
  const now = data.serverTime || Date.now();
  const range = resolveRange(view, now);
  const fkey = filterKey(view);
  const liveWindow: LiveWindow = isLiveRange(view.range) ? view.range : '15m';
  const store = useLiveStoreApi();

  const summaryQuery = useTickQuery<Summary>(
    enabled && !paused ? `live-summary:${view.range}:${fkey}` : null,
    (api, signal) => api.summary({ window: liveWindow, filter: view.filter }, signal),
    data.serverTime,
    TABLES_REFRESH_MS,
  );

  // The ring holds 15 minutes; a longer live window fetches what came before it.
  const needsHistory = enabled && range.spanMs > SERIES_SPAN_MS;
  const historyQuery = useQuery(
    needsHistory ? `live-history:${view.range}:${fkey}` : null,
    (api, signal) => {
      // The server's clock, not ours: the two must line up where history meets the ring.
      const at = store.getState().live.serverTime || Date.now();
      return api.series(
        { from: at - range.spanMs, to: at, stepMs: range.stepMs, filter: view.filter },
        signal,
      );
    },
    HISTORY_REFRESH_MS,
  );

  const history = historyQuery.data;
  const summary = summaryQuery.data ?? data.summary;

  return useMemo(() => {
    if (!enabled) return null;
    const from = now - range.spanMs;
    const points = within(data.series, from);
    const joined = history
      ? joinHistoryAndLive(within(history.points, from), history.stepMs, points, range.stepMs)
      : toChartPoints(points, 1_000, range.stepMs);
    // The snapshot's summary, the newer REST one and the older history each know part of them.
    const gaps = gapsWithin(from, now, data.summary?.gaps, summary?.gaps, history?.gaps);
    const chart = breakAtGaps(joined, range.stepMs, gaps, blankChartPoint);
    const baseline = pickBaseline(summary);
    return {
      live: true,
      range,
      kpis: data.kpis,
      recent: recentRate(data.series),
      byClass: data.byClass,
      byCode: data.byCode,
      baseline,
      spike: biggestSpike(data.outcomes?.failures ?? {}, baseline?.baseline.outcomes.failures),
      chart,
      gaps,
      points,
      chartResponses: sum(points, (p) => p.responses),
      pointStepMs: 1_000,
      sparks: {
        ...seriesSparks(points, 1_000),
        asr: kpiSparks(data.kpiHistory, (s) => s.asr),
        ner: kpiSparks(data.kpiHistory, (s) => s.ner),
      },
      topFailures: topFailureRows(
        summary?.topFailures ?? [],
        data.outcomes ?? summary?.outcomes ?? null,
        data.kpis?.countedFinals ?? null,
        baseline?.baseline.outcomes,
      ),
      trunks: summary?.trunks ?? [],
      sources: summary?.sources ?? [],
      methods: Object.keys(summary?.byMethod ?? {}),
      loading: data.kpis === null,
      error: summaryQuery.error,
    };
    // `range` follows `now` and the view; listing its parts keeps the memo to once per tick.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [enabled, data, history, summary, summaryQuery.error, view.range, range.spanMs, range.stepMs]);
}

/** History ranges (and custom): one REST summary and one series, fetched when the view changes. */
export function useHistoryOverview(view: ViewState, enabled: boolean, at: number): OverviewModel | null {
  const range = resolveRange(view, at);
  const fkey = filterKey(view);
  const key = enabled ? `history:${range.from}:${range.to}:${range.stepMs}:${fkey}` : null;
  const summaryQuery = useQuery<Summary>(key, (api, signal) =>
    api.summary({ from: range.from, to: range.to, filter: view.filter }, signal),
  );
  const seriesQuery = useQuery(key, (api, signal) =>
    api.series({ from: range.from, to: range.to, stepMs: range.stepMs, filter: view.filter }, signal),
  );
  const summary = summaryQuery.data;
  const series = seriesQuery.data;

  return useMemo(() => {
    if (!enabled) return null;
    const points = series?.points ?? [];
    const stepMs = series?.stepMs ?? range.stepMs;
    const baseline = pickBaseline(summary);
    const byCode = summary?.byCode ?? {};
    return {
      live: false,
      range,
      kpis: summary?.kpis ?? null,
      recent: null,
      byClass: summary?.byClass ?? null,
      byCode,
      baseline,
      spike: biggestSpike(summary?.outcomes.failures ?? {}, baseline?.baseline.outcomes.failures),
      chart: breakAtGaps(toChartPoints(points, stepMs, stepMs), stepMs, series?.gaps, blankChartPoint),
      gaps: series?.gaps ?? [],
      points,
      chartResponses: sum(points, (p) => p.responses),
      pointStepMs: stepMs,
      sparks: {
        ...seriesSparks(points, stepMs),
        asr: [],
        ner: [],
      },
      topFailures: topFailureRows(
        summary?.topFailures ?? [],
        summary?.outcomes ?? null,
        summary?.kpis.countedFinals ?? null,
        baseline?.baseline.outcomes,
      ),
      trunks: summary?.trunks ?? [],
      sources: summary?.sources ?? [],
      methods: Object.keys(summary?.byMethod ?? {}),
      loading: summaryQuery.loading || seriesQuery.loading,
      error: summaryQuery.error ?? seriesQuery.error,
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [
    enabled,
    summary,
    series,
    summaryQuery.loading,
    seriesQuery.loading,
    summaryQuery.error,
    seriesQuery.error,
    key,
  ]);
}
