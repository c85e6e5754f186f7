import { setImmediate as nextTurn } from 'node:timers/promises';
import { classify } from '@sipwatch/codes';
import type { Clock } from '../clock.js';
import type { Aggregator, Coverage } from '../core/aggregator.js';
import type { CellTable } from '../core/cell-table.js';
import type { RemoteSeconds } from '../core/remote-seconds.js';
import type { RunHistory } from '../core/run-gaps.js';
import { explain } from '../core/explain.js';
import { kpisOf } from '../core/kpis.js';
import type { TimeWindow } from '../core/summary.js';
import {
  buildSummary,
  classCounts,
  codeBreakdown,
  codeCounts,
  codeOutcomes,
  seconds,
  seriesPoint,
  trunkRows,
} from '../core/summary.js';
import type { TallyOptions } from '../core/tally.js';
import { resolveFilter, Tally } from '../core/tally.js';
import type { Store } from '../store/store.js';
import type {
  CodeBreakdown,
  EventFilter,
  LiveWindow,
  SeriesGroup,
  SeriesPoint,
  SeriesResponse,
  ServerGap,
  Summary,
  TrunksResponse,
} from '@sipwatch/wire';
import type { ExplainBaseline, Explanation, Snapshot, Subscription, Tick } from '@sipwatch/wire';
import { baselineCovered, DAY_MS, HOUR_MS, MINUTE_MS, PREVIOUS_BASELINE_MS, SECOND_MS } from '@sipwatch/wire';

export const WINDOW_MS: Record<LiveWindow, number> = {
  '1m': 60_000,
  '5m': 300_000,
  '15m': 900_000,
  '1h': 3_600_000,
};

/** A snapshot carries this many 1-second points. */
export const SNAPSHOT_SECONDS = 900;
export const MAX_SERIES_POINTS = 5000;

interface Covered extends TimeWindow {
  tables: CellTable[];
}

/**
 * Answers every read (REST, snapshots, ticks) from the aggregator's memory, and from the store for
 * minutes older than memory holds. The numbers themselves come from the pure core (tally, kpis,
 * summary); this layer only gathers the tables.
 */
export class QueryService {
  constructor(
    private readonly agg: Aggregator,
    private readonly store: Pick<Store, 'readRollups'>,
    private readonly clock: Clock,
    /** When this server ran: the gaps answers carry, the share of baselines it covered. */
    private readonly runs: RunHistory,
    /** On a cluster node, for the live stream: the other nodes' seconds, added to this node's. */
    private readonly remote?: RemoteSeconds,
  ) {}

  /** The same reads with the other nodes' live seconds added (cluster mode; see RemoteSeconds). */
  withRemote(remote: RemoteSeconds): QueryService {
    return new QueryService(this.agg, this.store, this.clock, this.runs, remote);
  }

  /** The spans of [from, to) in which this server was not running. */
  gaps(from: number, to: number): ServerGap[] {
    return this.runs.gaps(from, to, this.clock.now());
  }

  /** The share of [from, to) this server ran, 0..1. */
  covered(from: number, to: number): number {
    return this.runs.covered(from, to, this.clock.now());
  }

  /** A coverage's in-memory tables, with the other nodes' for the same range. */
  private memoryTables(cov: Coverage): CellTable[] {
    return this.remote ? cov.tables.concat(this.remote.tablesFor(cov.from, cov.to)) : cov.tables;
  }

  /** The end of the newest closed second. */
  liveEnd(): number {
    const now = this.clock.now();
    this.agg.advance(now);
    return Math.floor(now / SECOND_MS) * SECOND_MS;
  }

  liveRange(window: LiveWindow): TimeWindow {
    const to = this.liveEnd();
    return { from: to - WINDOW_MS[window], to };
  }

  /** The cell tables counting [from, to) once each (the range aligned as the data allows). */
  cover(from: number, to: number): Covered {
    const cov = this.agg.tablesFor(from, to);
    let tables = this.memoryTables(cov);
    if (cov.storeMinutes) tables = tables.concat(this.store.readRollups([cov.storeMinutes])[0]!);
    return { from: cov.from, to: cov.to, tables };
  }

  /**
   * The tally of [from, to) (as `cover` aligns it), a few days at a time where the store holds
   * part of it: each part's minutes, in memory and stored, are read together, so a flush between
   * two parts neither drops nor doubles a late event.
   */
  private *tallyOver(
    from: number,
    to: number,
    filter: EventFilter,
    options: TallyOptions,
  ): Work<{ window: TimeWindow; tally: Tally }> {
    const whole = this.agg.tablesFor(from, to);
    const window = { from: whole.from, to: whole.to };
    const tally = new Tally(this.agg.profiles, resolveFilter(filter, this.agg), this.agg, options);
    if (!whole.storeMinutes) return { window, tally: tally.addTables(this.memoryTables(whole)) };
    // Parts end on whole days, where every span ends too: together they are the same tables.
    for (let a = window.from; a < window.to;) {
      const b = Math.min(window.to, (Math.floor(a / STORE_PART_MS) + 1) * STORE_PART_MS);
      tally.addTables(this.cover(a, b).tables);
      a = b;
      if (a < window.to) yield;
    }
    return { window, tally };
  }

  tally(tables: readonly CellTable[], filter: EventFilter, options?: TallyOptions): Tally {
    return new Tally(this.agg.profiles, resolveFilter(filter, this.agg), this.agg, options).addTables(tables);
  }

  summary(from: number, to: number, filter: EventFilter): Summary {
    return finish(this.summaryWork(from, to, filter));
  }

  /** The same, giving the event loop back between its parts (REST: reads over weeks). */
  summaryInSlices(from: number, to: number, filter: EventFilter): Promise<Summary> {
    return finishInSlices(this.summaryWork(from, to, filter));
  }

  private *summaryWork(from: number, to: number, filter: EventFilter): Work<Summary> {
    const options = { dimensions: true };
    const cur = yield* this.tallyOver(from, to, filter, options);
    yield;
    const hour = yield* this.tallyOver(cur.window.from - HOUR_MS, cur.window.to - HOUR_MS, filter, options);
    yield;
    const day = yield* this.tallyOver(cur.window.from - DAY_MS, cur.window.to - DAY_MS, filter, options);
    return buildSummary({
      window: cur.window,
      filter,
      current: cur.tally,
      hourAgo: { ...hour, covered: this.covered(hour.window.from, hour.window.to) },
      dayAgo: { ...day, covered: this.covered(day.window.from, day.window.to) },
      dims: this.agg,
      rules: this.agg.profiles.rules,
      gaps: this.gaps(cur.window.from, cur.window.to),
    });
  }

  /**
   * Points of `stepMs` over [from, to), aligned to multiples of the step. Where the range reaches
   * before the live window, only minutes exist: the step is rounded up to whole minutes.
   */
  series(from: number, to: number, stepMs: number, group: SeriesGroup, filter: EventFilter): SeriesResponse {
    return finish(this.seriesWork(from, to, stepMs, group, filter));
  }

  /** The same, giving the event loop back every few points. */
  seriesInSlices(
    from: number,
    to: number,
    stepMs: number,
    group: SeriesGroup,
    filter: EventFilter,
  ): Promise<SeriesResponse> {
    return finishInSlices(this.seriesWork(from, to, stepMs, group, filter));
  }

  private *seriesWork(
    from: number,
    to: number,
    stepMs: number,
    group: SeriesGroup,
    filter: EventFilter,
  ): Work<SeriesResponse> {
    const step = seriesStep(from, stepMs, this.agg.liveStartSecond);
    const liveEnd = this.liveEnd();
    const start = Math.floor(from / step) * step;
    const end = Math.min(to, liveEnd);
    const points: SeriesPoint[] = [];
    const trunks = group === 'trunk';
    for (let t = start; t < end && points.length < MAX_SERIES_POINTS;) {
      // A chunk of points at a time, their minutes asked of the store at once.
      const covers: Coverage[] = [];
      for (
        ;
        t < end && points.length + covers.length < MAX_SERIES_POINTS && covers.length < SERIES_CHUNK;
        t += step
      )
        covers.push(this.agg.tablesFor(t, t + step));
      const asked = covers.flatMap((c) => (c.storeMinutes ? [c.storeMinutes] : []));
      const stored = asked.length > 0 ? this.store.readRollups(asked) : [];
      let next = 0;
      for (const cov of covers) {
        const tables = cov.storeMinutes
          ? this.memoryTables(cov).concat(stored[next++]!)
          : this.memoryTables(cov);
        const tally = this.tally(tables, filter, { trunks });
        points.push(seriesPoint(tally, start + points.length * step, trunks ? this.agg.trunks : undefined));
      }
      yield;
    }
    const until = start + points.length * step;
    return { from: start, to: until, stepMs: step, group, filter, points, gaps: this.gaps(start, until) };
  }

  /** One code over a window: count, share of finals, where it came from, and an hour and a day earlier. */
  code(
    code: number,
    from: number,
    to: number,
    filter: EventFilter,
  ): { window: TimeWindow; stats: CodeBreakdown; baseline: { hourAgo: number; dayAgo: number } } {
    const cur = this.cover(from, to);
    const countOf = (w: Covered) => this.tally(w.tables, { ...filter, code }).responses;
    return {
      window: { from: cur.from, to: cur.to },
      stats: this.codeBreakdown(code, cur.tables, filter),
      baseline: {
        hourAgo: countOf(this.cover(cur.from - HOUR_MS, cur.to - HOUR_MS)),
        dayAgo: countOf(this.cover(cur.from - DAY_MS, cur.to - DAY_MS)),
      },
    };
  }

  /** A code's breakdown over some tables (a window, or the live drill-down of a tick). */
  codeBreakdown(code: number, tables: readonly CellTable[], filter: EventFilter): CodeBreakdown {
    const all = this.tally(tables, { ...filter, code: undefined });
    const one = this.tally(tables, { ...filter, code }, { dimensions: true });
    return codeBreakdown(code, all, one, this.agg);
  }

  /** The trunk cap and how much this node folded into "other" (per node, also in a cluster). */
  trunkCap(): { cap: number; folded: number } {
    return { cap: this.agg.trunks.cap, folded: this.agg.trunks.folded };
  }

  /**
   * Which slices hold the failures [from, to) has beyond its baseline (core/explain.ts). An hour-
   * or day-ago baseline with no counted finals gives way to the 30 minutes before the window.
   */
  explain(from: number, to: number, baseline: ExplainBaseline, filter: EventFilter): Explanation {
    const cur = this.cover(from, to);
    const resolved = resolveFilter(filter, this.agg);
    let kind = baseline;
    let base = this.baselineCover(cur, kind);
    let covered = this.covered(base.from, base.to);
    if (kind !== 'previous' && (this.tally(base.tables, filter).counted === 0 || !baselineCovered(covered))) {
      kind = 'previous';
      base = this.baselineCover(cur, kind);
      covered = this.covered(base.from, base.to);
    }
    const liveFrom = this.agg.liveStartSecond * SECOND_MS;
    const perSecond: { at: number; table: CellTable | undefined }[] = [];
    if (cur.from >= liveFrom) {
      for (let at = cur.from; at < cur.to; at += SECOND_MS) {
        perSecond.push({ at, table: this.agg.secondAt(at / SECOND_MS) });
      }
    }
    return explain({
      window: { from: cur.from, to: cur.to },
      tables: cur.tables,
      baseline: { kind, window: { from: base.from, to: base.to }, tables: base.tables, covered },
      ...(perSecond.length > 0 && { perSecond }),
      profiles: this.agg.profiles,
      filter,
      resolved,
      dims: this.agg,
    });
  }

  private baselineCover(cur: TimeWindow, kind: ExplainBaseline): Covered {
    if (kind === 'previous') return this.cover(cur.from - PREVIOUS_BASELINE_MS, cur.from);
    const back = kind === 'hour' ? HOUR_MS : DAY_MS;
    return this.cover(cur.from - back, cur.to - back);
  }

  trunks(from: number, to: number): TrunksResponse {
    return finish(this.trunksWork(from, to));
  }

  trunksInSlices(from: number, to: number): Promise<TrunksResponse> {
    return finishInSlices(this.trunksWork(from, to));
  }

  private *trunksWork(from: number, to: number): Work<TrunksResponse> {
    const { window, tally: t } = yield* this.tallyOver(from, to, {}, { trunks: true });
    return {
      window,
      trunks: trunkRows(t, this.agg.trunks),
      ...this.trunkCap(),
    };
  }

  /** What a subscriber gets first: the window's summary and the last 15 minutes by second. */
  snapshot(sub: Subscription): Snapshot {
    const end = this.liveEnd();
    const summary = this.summary(end - WINDOW_MS[sub.window], end, sub.filter);
    const series: SeriesPoint[] = [];
    const first = end / SECOND_MS - SNAPSHOT_SECONDS;
    for (let s = first; s < end / SECOND_MS; s++) series.push(this.secondPoint(s, sub.filter));
    const snapshot: Snapshot = { serverTime: this.clock.now(), subscription: sub, summary, series };
    if (sub.code !== undefined) {
      const cur = this.cover(end - WINDOW_MS[sub.window], end);
      snapshot.drilldown = this.codeBreakdown(sub.code, cur.tables, sub.filter);
    }
    return snapshot;
  }

  /** One tick: the closed second as a point, and the window ending with it. */
  tick(sub: Subscription, closedSecond: number): Tick {
    const end = (closedSecond + 1) * SECOND_MS;
    const cur = this.cover(end - WINDOW_MS[sub.window], end);
    const t = this.tally(cur.tables, sub.filter);
    const tick: Tick = {
      serverTime: this.clock.now(),
      point: this.secondPoint(closedSecond, sub.filter),
      kpis: kpisOf(t, seconds(cur), this.agg.profiles.rules),
      byClass: classCounts(t),
      byCode: codeCounts(t.byCode),
      outcomes: codeOutcomes(t),
    };
    if (sub.code !== undefined) tick.drilldown = this.codeBreakdown(sub.code, cur.tables, sub.filter);
    return tick;
  }

  secondPoint(second: number, filter: EventFilter): SeriesPoint {
    const tables = [this.agg.secondAt(second), this.remote?.secondAt(second)].filter((t) => t !== undefined);
    return seriesPoint(this.tally(tables, filter), second * SECOND_MS);
  }

  /** The registry's view of a code, with the server's category overrides applied. */
  describe(code: number) {
    const c = classify(code);
    if (!c.ok) return undefined;
    return { entry: c.entry, known: c.known, category: this.agg.profiles.of(code, 0).category };
  }
}

/**
 * A computation that may be paused where it yields: run at once (`finish`) or in slices that give
 * the event loop back once one has run for SLICE_MS (`finishInSlices`), so a read over weeks never
 * holds up ticks, ingestion or other requests for long. The parts are computed at slightly
 * different moments then, as if the reader had asked a few milliseconds later.
 */
type Work<T> = Generator<void, T, void>;

const SLICE_MS = 10;
/** Series points computed between two chances to give the event loop back. */
const SERIES_CHUNK = 8;
/** Stored history tallied between two chances: three days. */
const STORE_PART_MS = 3 * DAY_MS;

function finish<T>(work: Work<T>): T {
  for (;;) {
    const r = work.next();
    if (r.done) return r.value;
  }
}

async function finishInSlices<T>(work: Work<T>): Promise<T> {
  let sliceStart = performance.now();
  for (;;) {
    const r = work.next();
    if (r.done) return r.value;
    if (performance.now() - sliceStart >= SLICE_MS) {
      await nextTurn();
      sliceStart = performance.now();
    }
  }
}

/**
 * The step a series is drawn with: whole seconds, and whole minutes once the range reaches back
 * past the live window (where only minute rollups are kept). One rule for one node and the cluster.
 */
export function seriesStep(from: number, stepMs: number, liveStartSecond: number): number {
  const step = Math.max(SECOND_MS, Math.ceil(stepMs / SECOND_MS) * SECOND_MS);
  const junction = Math.ceil(liveStartSecond / 60) * MINUTE_MS;
  return from < junction ? Math.ceil(step / MINUTE_MS) * MINUTE_MS : step;
}
