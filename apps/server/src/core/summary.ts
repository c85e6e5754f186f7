import { classify, SIP_CLASSES } from '@sipwatch/codes';
import type {
  Baseline,
  ClassCounts,
  CodeBreakdown,
  CodeOutcomes,
  DimensionRow,
  EventFilter,
  NamedCount,
  SeriesPoint,
  ServerGap,
  Summary,
  TopFailure,
} from '@sipwatch/wire';
import { failureRate, failureShare, ratio, shareOfFinals as shareOf } from '@sipwatch/wire';
import type { DimensionTable } from './dimensions.js';
import { kpisOf } from './kpis.js';
import type { OutcomeRules } from './outcome.js';
import type { Dimensions, RowCounts, Tally } from './tally.js';
import { rowsOf } from './tally.js';

/** Turns tallies into the wire shapes. Pure. */

export interface TimeWindow {
  from: number;
  to: number;
}

export const SUMMARY_LIMITS = {
  /** Trunk and source rows, busiest first. */
  rows: 200,
  topFailures: 10,
  /** Trunks and sources listed under each top failure. */
  perFailure: 5,
} as const;

export function seconds(w: TimeWindow): number {
  return Math.max(0, (w.to - w.from) / 1000);
}

export function classCounts(t: Tally): ClassCounts {
  const out = {} as ClassCounts;
  SIP_CLASSES.forEach((c, i) => (out[c] = t.byClass[i]!));
  return out;
}

/** Codes with a non-zero count, keyed "503". */
export function codeCounts(counts: Float64Array): Record<string, number> {
  const out: Record<string, number> = {};
  for (let i = 0; i < counts.length; i++) if (counts[i]! > 0) out[String(i + 100)] = counts[i]!;
  return out;
}

/** What each code counted as: failures, and the abandoned calls and challenges left out of the rate. */
export function codeOutcomes(t: Tally): CodeOutcomes {
  return {
    failures: codeCounts(t.failuresByCode),
    abandoned: codeCounts(t.abandonedByCode),
    challenges: codeCounts(t.challengesByCode),
  };
}

/** Each final class's and code's share of all finals (1xx left out), 0..1. */
export function shareOfFinals(t: Tally): { byClass: Record<string, number>; byCode: Record<string, number> } {
  const byClass: Record<string, number> = {};
  const byCode: Record<string, number> = {};
  if (t.finals > 0) {
    SIP_CLASSES.forEach((c, i) => {
      if (i > 0 && t.byClass[i]! > 0) byClass[c] = shareOf(t.byClass[i]!, t.finals)!;
    });
    for (let i = 100; i < t.byCode.length; i++)
      if (t.byCode[i]! > 0) byCode[String(i + 100)] = shareOf(t.byCode[i]!, t.finals)!;
  }
  return { byClass, byCode };
}

export function phraseOf(code: number): string {
  const c = classify(code);
  return c.ok ? (c.known ? c.entry.phrase : `Unknown ${c.class}`) : '';
}

function dimensionRows(rows: Float64Array | undefined, names: DimensionTable, limit: number): DimensionRow[] {
  return rowsOf(rows)
    .sort((a, b) => b.responses - a.responses || a.id - b.id)
    .slice(0, limit)
    .map((r) => ({
      name: names.nameOf(r.id),
      responses: r.responses,
      finals: r.finals,
      failures: r.failures,
      failureRate: failureRate({ failures: r.failures, countedFinals: r.counted }),
      byClass: r.byClass,
    }));
}

function topBy(
  map: Map<number, number> | undefined,
  codeIndex: number,
  names: DimensionTable,
  limit: number,
) {
  const out: { name: string; count: number }[] = [];
  if (!map) return out;
  const lo = codeIndex * 65536;
  for (const [key, count] of map) {
    if (key >= lo && key < lo + 65536) out.push({ name: names.nameOf(key - lo), count });
  }
  return out.sort((a, b) => b.count - a.count || a.name.localeCompare(b.name)).slice(0, limit);
}

export function topFailures(
  t: Tally,
  hourAgo: Tally,
  dayAgo: Tally,
  dims: Dimensions,
  limit: number = SUMMARY_LIMITS.topFailures,
): TopFailure[] {
  const codes: number[] = [];
  for (let i = 0; i < t.failuresByCode.length; i++) if (t.failuresByCode[i]! > 0) codes.push(i);
  return codes
    .sort((a, b) => t.failuresByCode[b]! - t.failuresByCode[a]! || a - b)
    .slice(0, limit)
    .map((ci) => {
      const count = t.failuresByCode[ci]!;
      return {
        code: ci + 100,
        reason: phraseOf(ci + 100),
        count,
        share: failureShare(count, t.counted) ?? 0,
        trunks: topBy(t.failureTrunks, ci, dims.trunks, SUMMARY_LIMITS.perFailure),
        sources: topBy(t.failureSources, ci, dims.sources, SUMMARY_LIMITS.perFailure),
        vsHourAgo: ratio(count, hourAgo.failuresByCode[ci]!),
        vsDayAgo: ratio(count, dayAgo.failuresByCode[ci]!),
      };
    });
}

/**
 * A baseline window's figures. `covered` is the share of it the server ran (see core/run-gaps.ts):
 * per-second rates are over that part only, the counts are what it saw.
 */
export function baselineOf(t: Tally, w: TimeWindow, rules: OutcomeRules, covered = 1): Baseline {
  return {
    from: w.from,
    to: w.to,
    covered,
    kpis: kpisOf(t, covered > 0 ? seconds(w) * covered : seconds(w), rules),
    byClass: classCounts(t),
    byCode: codeCounts(t.byCode),
    outcomes: codeOutcomes(t),
  };
}

export interface SummaryParts {
  window: TimeWindow;
  filter: EventFilter;
  current: Tally;
  hourAgo: BaselinePart;
  dayAgo: BaselinePart;
  dims: Dimensions;
  rules: OutcomeRules;
  /** When the server was not running within `window`. */
  gaps?: ServerGap[];
}

interface BaselinePart {
  tally: Tally;
  window: TimeWindow;
  /** The share of the window the server ran (1 when not known). */
  covered?: number;
}

export function buildSummary(p: SummaryParts): Summary {
  const t = p.current;
  const byMethod: Record<string, number> = {};
  if (t.byMethod) {
    t.byMethod.forEach((n, id) => {
      if (n > 0) byMethod[p.dims.methods.nameOf(id)] = n;
    });
  }
  return {
    window: { from: p.window.from, to: p.window.to },
    filter: p.filter,
    kpis: kpisOf(t, seconds(p.window), p.rules),
    byClass: classCounts(t),
    byCode: codeCounts(t.byCode),
    byMethod,
    outcomes: codeOutcomes(t),
    shareOfFinals: shareOfFinals(t),
    trunks: dimensionRows(t.trunkRows, p.dims.trunks, SUMMARY_LIMITS.rows),
    sources: dimensionRows(t.sourceRows, p.dims.sources, SUMMARY_LIMITS.rows),
    topFailures: topFailures(t, p.hourAgo.tally, p.dayAgo.tally, p.dims),
    baseline: {
      hourAgo: baselineOf(p.hourAgo.tally, p.hourAgo.window, p.rules, p.hourAgo.covered),
      dayAgo: baselineOf(p.dayAgo.tally, p.dayAgo.window, p.rules, p.dayAgo.covered),
    },
    gaps: p.gaps ?? [],
  };
}

/** One chart point; per-trunk counts when the tally kept them. */
export function seriesPoint(t: Tally, at: number, trunks?: DimensionTable): SeriesPoint {
  const point: SeriesPoint = {
    t: at,
    responses: t.responses,
    finals: t.finals,
    countedFinals: t.counted,
    failures: t.failures,
    byClass: classCounts(t),
    byCode: codeCounts(t.byCode),
  };
  if (trunks && t.trunkRows) {
    const byTrunk: Record<string, number> = {};
    for (const r of rowsOf(t.trunkRows)) byTrunk[trunks.nameOf(r.id)] = r.responses;
    point.byTrunk = byTrunk;
  }
  return point;
}

const byCount = (a: NamedCount, b: NamedCount): number => b.count - a.count || a.name.localeCompare(b.name);

/**
 * One code over a window: its count, share of finals, and where it came from. `all` is the window
 * with the other filters only; `one` is narrowed to the code too and kept its dimensions.
 */
export function codeBreakdown(code: number, all: Tally, one: Tally, dims: Dimensions): CodeBreakdown {
  const named = (rows: RowCounts[], table: DimensionTable): NamedCount[] =>
    rows.map((r) => ({ name: table.nameOf(r.id), count: r.responses })).sort(byCount);
  const byMethod: NamedCount[] = [];
  one.byMethod?.forEach((n, id) => {
    if (n > 0) byMethod.push({ name: dims.methods.nameOf(id), count: n });
  });
  const count = one.byCode[code - 100] ?? 0;
  return {
    code,
    count,
    shareOfFinals: code >= 200 ? shareOf(count, all.finals) : null,
    failures: one.failures,
    byTrunk: named(rowsOf(one.trunkRows), dims.trunks),
    bySource: named(rowsOf(one.sourceRows), dims.sources),
    byMethod: byMethod.sort(byCount),
  };
}

/** Every trunk of a window (a tally that kept trunk rows), busiest first. */
export function trunkRows(t: Tally, trunks: DimensionTable): DimensionRow[] {
  return dimensionRows(t.trunkRows, trunks, Infinity);
}
