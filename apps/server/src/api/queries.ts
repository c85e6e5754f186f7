import { setImmediate as nextTurn } from 'node:timers/promises';
import { classify } from '@sipwatch/codes';
import type { Clock } from '../clock.js';
import type { Aggregator, Coverage } from '../core/aggregator.js';
import { MINUTE_MS, SECOND_MS } from '../core/aggregator.js';
import type { CellTable } from '../core/cell-table.js';
import { kpisOf, ratio } from '../core/kpis.js';
import type { TimeWindow } from '../core/summary.js';
import {
  buildSummary,
  classCounts,
  codeCounts,
  DAY_MS,
  HOUR_MS,
  seconds,
  seriesPoint,
} from '../core/summary.js';
import type { RowCounts, TallyOptions } from '../core/tally.js';
import { resolveFilter, rowsOf, Tally } from '../core/tally.js';
import type { Store } from '../store/store.js';
import type {
  CodeBreakdown,
  EventFilter,
  LiveWindow,
  NamedCount,
  SeriesGroup,
  SeriesPoint,
  SeriesResponse,
  Summary,
  TrunksResponse,
} from '../wire/aggregates.js';
import type { Snapshot, Subscription, Tick } from '../wire/socket.js';

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
  ) {}

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
    let tables = cov.tables;
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
    if (!whole.storeMinutes) return { window, tally: tally.addTables(whole.tables) };
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
      hourAgo: { tally: hour.tally, window: hour.window },
      dayAgo: { tally: day.tally, window: day.window },
      dims: this.agg,
      rules: this.agg.profiles.rules,
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
    let step = Math.max(SECOND_MS, Math.ceil(stepMs / SECOND_MS) * SECOND_MS);
    const liveEnd = this.liveEnd();
    const junction = Math.ceil(this.agg.liveStartSecond / 60) * MINUTE_MS;
    if (from < junction) step = Math.ceil(step / MINUTE_MS) * MINUTE_MS;
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
        const tables = cov.storeMinutes ? cov.tables.concat(stored[next++]!) : cov.tables;
        const tally = this.tally(tables, filter, { trunks });
        points.push(seriesPoint(tally, start + points.length * step, trunks ? this.agg.trunks : undefined));
      }
      yield;
    }
    return { from: start, to: start + points.length * step, stepMs: step, group, filter, points };
  }

  /** One code over a window: count, share of finals, and where it came from. */
  codeBreakdown(code: number, tables: readonly CellTable[], filter: EventFilter): CodeBreakdown {
    const all = this.tally(tables, { ...filter, code: undefined });
    const one = this.tally(tables, { ...filter, code }, { dimensions: true });
    const named = (rows: RowCounts[], nameOf: (id: number) => string): NamedCount[] =>
      rows.map((r) => ({ name: nameOf(r.id), count: r.responses })).sort(byCount);
    const byMethod: NamedCount[] = [];
    one.byMethod?.forEach((n, id) => {
      if (n > 0) byMethod.push({ name: this.agg.methods.nameOf(id), count: n });
    });
    const count = one.byCode[code - 100] ?? 0;
    return {
      code,
      count,
      shareOfFinals: code >= 200 ? ratio(count, all.finals) : null,
      failures: one.failures,
      byTrunk: named(rowsOf(one.trunkRows), (id) => this.agg.trunks.nameOf(id)),
      bySource: named(rowsOf(one.sourceRows), (id) => this.agg.sources.nameOf(id)),
      byMethod: byMethod.sort(byCount),
    };
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
      trunks: rowsOf(t.trunkRows)
        .sort((a, b) => b.responses - a.responses || a.id - b.id)
        .map((r) => ({
          name: this.agg.trunks.nameOf(r.id),
          responses: r.responses,
          finals: r.finals,
          failures: r.failures,
          failureRate: ratio(r.failures, r.counted),
          byClass: r.byClass,
        })),
      cap: this.agg.trunks.cap,
      folded: this.agg.trunks.folded,
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
    };
    if (sub.code !== undefined) tick.drilldown = this.codeBreakdown(sub.code, cur.tables, sub.filter);
    return tick;
  }

  secondPoint(second: number, filter: EventFilter): SeriesPoint {
    const table = this.agg.secondAt(second);
    return seriesPoint(this.tally(table ? [table] : [], filter), second * SECOND_MS);
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

const byCount = (a: NamedCount, b: NamedCount): number => b.count - a.count || a.name.localeCompare(b.name);
