import type { EventFilter } from './aggregates.js';
import type { AlertMetric } from './alert-metrics.js';
import { ALERT_METRIC_SPECS } from './alert-metrics.js';
import { formatCount } from './format.js';
import { parseDuration } from './time.js';

/**
 * Spike attribution: which (dimension, value) slices hold the failures a window has beyond its
 * baseline. Computed by the server's core (core/explain.ts), served by GET /api/v1/explain.
 */

/** What a window is compared with: the same span an hour or a day earlier, or the 30 minutes before it. */
export const EXPLAIN_BASELINES = ['hour', 'day', 'previous'] as const;
export type ExplainBaseline = (typeof EXPLAIN_BASELINES)[number];

/** What the dashboards' "now" band explains: the last few minutes, not the page's window. */
export const NOW_SPAN_MS = 3 * 60_000;

/** The span `previous` compares with. */
export const PREVIOUS_BASELINE_MS = 30 * 60_000;

/**
 * A baseline counts only when the server ran at least this share of its window (see `gaps` and
 * `Baseline.covered`): its counts are then scaled to the whole window, as if the missing part had
 * been like the part seen. Below it there is no baseline yet: a server minutes old has nothing to
 * compare with, and says so rather than call every failure a rise.
 */
export const MIN_BASELINE_COVERAGE = 0.5;

/** Whether a baseline window the server ran `covered` (0..1) of is one to compare with. */
export function baselineCovered(covered: number): boolean {
  return covered >= MIN_BASELINE_COVERAGE;
}

/** The dimensions a slice fixes (one or two of them). */
export interface SliceKey {
  code?: number;
  trunk?: string;
  source?: string;
  method?: string;
}

export interface ExplainedSlice {
  slice: SliceKey;
  /** Failures in the window. */
  failures: number;
  /** Counted finals (the failure-rate denominator) in the window. */
  finals: number;
  /** The baseline's failures scaled to the window's length. */
  expected: number;
  /** failures - expected: the extra failures this slice holds. */
  excess: number;
  /** excess / the window's extra failures over all slices, 0..1. */
  share: number;
  rate: number | null;
  baselineRate: number | null;
  /** rate / baselineRate; null when the baseline had no failures there (new). */
  lift: number | null;
  /** The first second (epoch ms) the slice's failures left their baseline band; null when unknown. */
  onset: number | null;
}

/** The registry's facts for the code the explanation is about. */
export interface ExplainedCode {
  code: number;
  phrase: string;
  category: string;
  meaning: string;
  checks: string[];
}

export type ExplainVerdict =
  /** A few slices hold the extra failures. */
  | 'slices'
  /** Failures rose, spread so that no slice stands out. */
  | 'broad'
  /** The rate rose with no extra failures: the traffic fell. */
  | 'volume'
  /** Nothing to explain. */
  | 'steady'
  /**
   * Some failures, none standing out, and the server ran too little of the baseline to know what
   * is usual (with no failures at all the verdict is `steady`).
   * (With failures the verdict is `slices` or `broad`, ranked by failures alone: see
   * `baselineCovered(baseline.covered)`.)
   */
  | 'no-baseline';

export interface ExplainOverall {
  failures: number;
  finals: number;
  expected: number;
  /** The baseline's counted finals scaled to the window's length. */
  expectedFinals: number;
  excess: number;
  rate: number | null;
  baselineRate: number | null;
  lift: number | null;
}

export interface Explanation {
  window: { from: number; to: number };
  /**
   * The baseline actually used (`hour` and `day` fall back to `previous` when empty or not
   * covered), and the share of it the server ran (its counts are scaled by it).
   */
  baseline: { kind: ExplainBaseline; from: number; to: number; covered: number };
  filter: EventFilter;
  verdict: ExplainVerdict;
  overall: ExplainOverall;
  /** Biggest share first, at most a few. */
  slices: ExplainedSlice[];
  /** The top slice's code (or the top failing code when no slice names one). */
  code: ExplainedCode | null;
  /** The one sentence, times in UTC (views write their own with explanationLine). */
  line: string;
}

/** What a view says where a baseline is not covered enough (see MIN_BASELINE_COVERAGE). */
export const NO_BASELINE_TEXT = 'No baseline yet';
const NO_BASELINE_LINE = `${NO_BASELINE_TEXT}: sipwatch has not run long enough to know what is usual`;

const BASELINE_WORDS: Record<ExplainBaseline, string> = {
  hour: 'an hour ago',
  day: 'a day ago',
  previous: 'in the previous 30 minutes',
};

/** "503 Service Unavailable from carrier-b" (the parts a slice fixes, in reading order). */
export function sliceLabel(slice: SliceKey, phrase?: string): string {
  const parts: string[] = [];
  if (slice.code !== undefined) parts.push(phrase ? `${slice.code} ${phrase}` : String(slice.code));
  if (slice.method !== undefined)
    parts.push(parts.length ? `on ${slice.method}` : `${slice.method} requests`);
  if (slice.trunk !== undefined) parts.push(parts.length ? `from ${slice.trunk}` : `trunk ${slice.trunk}`);
  if (slice.source !== undefined) parts.push(parts.length ? `via ${slice.source}` : `source ${slice.source}`);
  if (slice.trunk === undefined && slice.source === undefined) parts.push('across all trunks');
  return parts.join(' ');
}

function times(lift: number): string {
  return lift >= 10 ? `${Math.round(lift)}×` : `${lift.toFixed(1)}×`;
}

/**
 * The explanation in one sentence: "503 Service Unavailable from carrier-b: 412 of 460 extra
 * failures (90%), 14× its rate an hour ago, since 12:27:40". `clock` writes a time of day.
 */
export function explanationLine(e: Explanation, clock: (ms: number) => string): string {
  const when = BASELINE_WORDS[e.baseline.kind];
  const o = e.overall;
  if (e.verdict === 'steady') return 'Nothing stands out: failures as usual';
  if (e.verdict === 'no-baseline') return NO_BASELINE_LINE;
  if (e.verdict === 'volume') {
    const fell = o.expectedFinals > 0 ? 1 - o.finals / o.expectedFinals : 0;
    const up = o.lift !== null ? `failure rate up ${times(o.lift)}` : 'failure rate up';
    return `${up} with no extra failures: traffic fell ${Math.round(fell * 100)}% against ${when}`;
  }
  const known = baselineCovered(e.baseline.covered);
  if (e.verdict === 'broad' && !known)
    return `Failures across all trunks, no single slice stands out; ${NO_BASELINE_TEXT.toLowerCase()}`;
  if (e.verdict === 'broad') {
    const up = o.lift !== null ? `up ${times(o.lift)}` : 'up';
    return `Failures ${up} across all trunks, no single slice stands out: look at the core`;
  }
  const top = e.slices[0]!;
  const phrase = e.code && e.code.code === top.slice.code ? e.code.phrase : undefined;
  const held =
    top.excess < o.excess
      ? `${formatCount(top.excess)} of ${formatCount(o.excess)} extra failures (${Math.round(top.share * 100)}%)`
      : `${formatCount(top.excess)} extra failures (all of the rise)`;
  const parts = [`${sliceLabel(top.slice, phrase)}: ${held}`];
  if (!known) parts[0] = `${sliceLabel(top.slice, phrase)}: ${formatCount(top.failures)} failures`;
  parts.push(
    !known
      ? NO_BASELINE_TEXT.toLowerCase()
      : top.lift !== null
        ? `${times(top.lift)} its rate ${when}`
        : `none ${when}`,
  );
  if (top.onset !== null) parts.push(`since ${clock(top.onset)}`);
  return parts.join(', ');
}

/** HH:MM:SS UTC, for the server's own line. */
export function utcClock(ms: number): string {
  return `${new Date(ms).toISOString().slice(11, 19)} UTC`;
}

/**
 * An alert's explanation: the slices of its scope holding the extra failures over the rule's
 * window ending when it fired, against an hour earlier. Notifications carry it and the alert page
 * asks /explain for the same window and filter, so both say the same.
 */
export function alertExplainQuery(
  rule: { metric: AlertMetric; window: string; scope: { trunk?: string; source?: string; method?: string } },
  firedAt: number,
): { from: number; to: number; baseline: ExplainBaseline; filter: EventFilter } | null {
  // Timing and intake-line rules are not about failures: nothing to attribute.
  if (ALERT_METRIC_SPECS[rule.metric].scope !== 'all') return null;
  const span = parseDuration(rule.window) ?? 60_000;
  const filter: EventFilter = {};
  if (rule.scope.trunk !== undefined) filter.trunk = rule.scope.trunk;
  if (rule.scope.source !== undefined) filter.source = rule.scope.source;
  if (rule.scope.method !== undefined) filter.method = rule.scope.method;
  return { from: firedAt - span, to: firedAt, baseline: 'hour', filter };
}
