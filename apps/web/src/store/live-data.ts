import type {
  ClassCounts,
  CodeBreakdown,
  CodeOutcomes,
  Kpis,
  SeriesPoint,
  Snapshot,
  Summary,
  Tick,
} from '@sipwatch/wire';
import { appendBounded, lastN } from './bounded';

/** 15 minutes of 1-second buckets: what a snapshot carries and what the live charts need. */
export const SERIES_CAP = 900;
/** One KPI sample per tick, for the sparklines of values the series cannot rebuild (ASR, NER). */
export const KPI_HISTORY_CAP = 900;
export const SERIES_SPAN_MS = SERIES_CAP * 1_000;

export interface KpiSample {
  t: number;
  responsesPerSec: number;
  failureRate: number | null;
  asr: number | null;
  ner: number | null;
}

/** Everything the live views draw. Replaced wholesale by a snapshot, advanced by ticks. */
export interface LiveData {
  serverTime: number;
  /** 1-second buckets, oldest first, at most SERIES_CAP and at most SERIES_SPAN_MS old. */
  series: SeriesPoint[];
  /** Over the subscribed window. */
  kpis: Kpis | null;
  byClass: ClassCounts | null;
  byCode: Record<string, number>;
  /** What the window's codes counted as (failures, abandoned calls, challenges). */
  outcomes: CodeOutcomes | null;
  /** From the snapshot: tables, baseline, top failures with their reason phrases. */
  summary: Summary | null;
  kpiHistory: KpiSample[];
  /** The followed code over the window, when the subscription follows one. */
  drilldown: CodeBreakdown | null;
}

export interface Caps {
  series: number;
  kpiHistory: number;
}

export const DEFAULT_CAPS: Caps = { series: SERIES_CAP, kpiHistory: KPI_HISTORY_CAP };

export function emptyLiveData(): LiveData {
  return {
    serverTime: 0,
    series: [],
    kpis: null,
    byClass: null,
    byCode: {},
    outcomes: null,
    summary: null,
    kpiHistory: [],
    drilldown: null,
  };
}

function sample(t: number, kpis: Kpis): KpiSample {
  return {
    t,
    responsesPerSec: kpis.responsesPerSec,
    failureRate: kpis.failureRate,
    asr: kpis.asr,
    ner: kpis.ner,
  };
}

export function fromSnapshot(snapshot: Snapshot, caps: Caps = DEFAULT_CAPS): LiveData {
  const series = lastN(
    [...snapshot.series].sort((a, b) => a.t - b.t),
    caps.series,
  );
  return {
    serverTime: snapshot.serverTime,
    series,
    kpis: snapshot.summary.kpis,
    byClass: snapshot.summary.byClass,
    byCode: snapshot.summary.byCode,
    outcomes: snapshot.summary.outcomes,
    summary: snapshot.summary,
    kpiHistory: caps.kpiHistory > 0 ? [sample(snapshot.serverTime, snapshot.summary.kpis)] : [],
    drilldown: snapshot.drilldown ?? null,
  };
}

/**
 * Applies one tick: its point becomes the newest bucket and its `revised` points (late events for
 * seconds already ticked) replace theirs. A tick older than the newest bucket is a late duplicate
 * and is dropped.
 */
export function withTick(data: LiveData, tick: Tick, caps: Caps = DEFAULT_CAPS): LiveData {
  const last = data.series[data.series.length - 1];
  if (last && tick.point.t < last.t) return data;
  let series: SeriesPoint[];
  if (last && tick.point.t === last.t) {
    series = data.series.slice(0, -1);
    series.push(tick.point);
  } else {
    series = appendBounded(data.series, tick.point, caps.series);
  }
  // Bound by time as well: after a gap, old buckets must not linger as if recent.
  const oldest = tick.point.t - caps.series * 1_000;
  if (series.length > 0 && series[0]!.t <= oldest) series = series.filter((p) => p.t > oldest);
  if (tick.revised) series = patchSeries(series, tick.revised);
  return {
    ...data,
    serverTime: tick.serverTime,
    series,
    kpis: tick.kpis,
    byClass: tick.byClass,
    byCode: tick.byCode,
    outcomes: tick.outcomes,
    kpiHistory: appendBounded(data.kpiHistory, sample(tick.point.t, tick.kpis), caps.kpiHistory),
    drilldown: tick.drilldown ?? data.drilldown,
  };
}

function samePoint(a: SeriesPoint, b: SeriesPoint): boolean {
  if (a.responses !== b.responses || a.finals !== b.finals || a.failures !== b.failures) return false;
  if (a.countedFinals !== b.countedFinals) return false;
  const ak = Object.keys(a.byCode);
  if (ak.length !== Object.keys(b.byCode).length) return false;
  return ak.every((k) => a.byCode[k] === b.byCode[k]);
}

/**
 * Merges 1-second points re-read from REST into the ring: buckets that gained late events since
 * their tick, and seconds whose (volatile) tick never arrived. Never extends the ring past its
 * newest tick (ticks own the head) nor before its oldest point. Same object when nothing changed.
 */
export function withPatch(data: LiveData, points: readonly SeriesPoint[]): LiveData {
  const series = patchSeries(data.series, points);
  return series === data.series ? data : { ...data, series };
}

/** Replaces points by `t` within the ring's span; the same array when nothing changed. */
function patchSeries(series: SeriesPoint[], points: readonly SeriesPoint[]): SeriesPoint[] {
  const first = series[0];
  const last = series[series.length - 1];
  if (!first || !last || points.length === 0) return series;
  const byT = new Map(series.map((p) => [p.t, p]));
  let changed = false;
  for (const p of points) {
    if (p.t < first.t || p.t > last.t) continue;
    const mine = byT.get(p.t);
    if (mine && samePoint(mine, p)) continue;
    byT.set(p.t, p);
    changed = true;
  }
  if (!changed) return series;
  return [...byT.values()].sort((a, b) => a.t - b.t);
}
