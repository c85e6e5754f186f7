import { z } from 'zod';
import { SIP_CLASSES } from '@sipwatch/codes';
import type { OutcomeCategory, SipClass, SipCodeEntry } from '@sipwatch/codes';
import type { SipEvent } from './event.js';
import type { CallCounts, CodeOutcomes } from './kpi.js';

export type ClassCounts = Record<SipClass, number>;

export const LIVE_WINDOWS = ['1m', '5m', '15m', '1h'] as const;
export type LiveWindow = (typeof LIVE_WINDOWS)[number];

/** A slice of the traffic: every field narrows; absent means "all". */
export const EventFilterSchema = z.object({
  trunk: z.string().max(128).optional(),
  source: z.string().max(255).optional(),
  method: z.string().max(32).optional(),
  code: z.coerce.number().int().min(100).max(699).optional(),
  class: z.enum(SIP_CLASSES).optional(),
});
export type EventFilter = z.infer<typeof EventFilterSchema>;

export interface Kpis {
  responsesPerSec: number;
  finalsPerSec: number;
  responses: number;
  finals: number;
  /** Finals counted as failures (see README: failure rate). */
  failures: number;
  /** The failure-rate denominator: finals less the excluded challenges and abandoned calls. */
  countedFinals: number;
  challenges: number;
  abandoned: number;
  /** failures / counted finals; null when there are no finals. 0..1. */
  failureRate: number | null;
  /** Finals in the `network` category / counted finals. 0..1. */
  networkFailureRate: number | null;
  /** RFC 6076 SER / ITU-T E.411 ASR. 0..1. */
  asr: number | null;
  /** E.411 NER / RFC 6076 SEER. 0..1. */
  ner: number | null;
  /** RFC 6076 ISA. 0..1. */
  isa: number | null;
  calls: CallCounts;
}

/**
 * A span [from, to) (ms) no run of the server covers: it was stopped, crashed, or not yet
 * installed. Only spans of at least a few seconds are given (a quick restart is not one).
 */
export const ServerGapSchema = z.object({ from: z.number(), to: z.number() });
export type ServerGap = z.infer<typeof ServerGapSchema>;

/** One time bucket as the dashboard charts it. */
export interface SeriesPoint {
  /** Bucket start, ms. */
  t: number;
  responses: number;
  finals: number;
  /** The failure-rate denominator, as in `Kpis`: the chart's line is `failureRate(point)`. */
  countedFinals: number;
  failures: number;
  byClass: ClassCounts;
  /** Only codes with a non-zero count. */
  byCode: Record<string, number>;
  /** Responses per trunk; present in series grouped by trunk. */
  byTrunk?: Record<string, number>;
}

export interface DimensionRow {
  name: string;
  responses: number;
  finals: number;
  failures: number;
  failureRate: number | null;
  byClass: ClassCounts;
}

export interface TopFailure {
  code: number;
  reason: string;
  count: number;
  /** Share of counted finals, 0..1. */
  share: number;
  trunks: { name: string; count: number }[];
  sources: { name: string; count: number }[];
  /** count / the same window's count one hour and one day earlier (null when that was 0). */
  vsHourAgo: number | null;
  vsDayAgo: number | null;
}

export interface Baseline {
  from: number;
  to: number;
  /**
   * The share of [from, to) the server was running, 0..1 (see `gaps`). The counts are those of that
   * part only: a server started 10 minutes ago has an hour-ago baseline of 0 covered, not of zero.
   */
  covered: number;
  kpis: Kpis;
  byClass: ClassCounts;
  byCode: Record<string, number>;
  /** What the codes count as: failures, and the abandoned calls and challenges left out. */
  outcomes: CodeOutcomes;
}

export interface Summary {
  window: { from: number; to: number };
  filter: EventFilter;
  kpis: Kpis;
  byClass: ClassCounts;
  byCode: Record<string, number>;
  byMethod: Record<string, number>;
  /** What the codes count as: failures, and the abandoned calls and challenges left out. */
  outcomes: CodeOutcomes;
  /** Each final class's and code's share of all finals (1xx left out), 0..1; only non-zero ones. */
  shareOfFinals?: { byClass: Record<string, number>; byCode: Record<string, number> };
  trunks: DimensionRow[];
  sources: DimensionRow[];
  topFailures: TopFailure[];
  baseline: { hourAgo: Baseline; dayAgo: Baseline };
  /** Spans of the window in which the server was not running (see ServerGap). */
  gaps: ServerGap[];
}

export const SERIES_GROUPS = ['class', 'code', 'trunk'] as const;
export type SeriesGroup = (typeof SERIES_GROUPS)[number];

export interface SeriesResponse {
  from: number;
  to: number;
  stepMs: number;
  group: SeriesGroup;
  filter: EventFilter;
  points: SeriesPoint[];
  /**
   * Spans of [from, to) in which the server was not running: their points count nothing because
   * nothing was received, not because traffic stopped. Charts draw them as gaps.
   */
  gaps: ServerGap[];
}

export interface NamedCount {
  name: string;
  count: number;
}

/** One code over a window: how often, where from. */
export interface CodeBreakdown {
  code: number;
  count: number;
  /** Share of all finals in the window (null when there were none, or for a 1xx). */
  shareOfFinals: number | null;
  /** Counted as failures (0 for success, redirect, excluded challenges and abandoned calls). */
  failures: number;
  byTrunk: NamedCount[];
  bySource: NamedCount[];
  byMethod: NamedCount[];
}

/** GET /api/v1/codes/:code */
export interface CodeDetail {
  /** The registry entry (the x00 entry of its class for an unregistered code). */
  entry: SipCodeEntry;
  /** False when the code is not registered and behaves as its class's x00. */
  known: boolean;
  /** Outcome category after the server's overrides. */
  category: OutcomeCategory;
  window: { from: number; to: number };
  filter: EventFilter;
  stats: CodeBreakdown;
  /** The same window one hour and one day earlier. */
  baseline: { hourAgo: number; dayAgo: number };
  /** Most recent first. */
  samples: StoredEvent[];
}

/** A stored raw event; `id` orders them and pages through them. */
export type StoredEvent = SipEvent & { id: number };

/** GET /api/v1/events */
export interface EventsPage {
  events: StoredEvent[];
  /** Pass as `cursor` for the next (older) page; null at the end. */
  nextCursor: string | null;
}

/** GET /api/v1/trunks */
export interface TrunksResponse {
  window: { from: number; to: number };
  trunks: DimensionRow[];
  /** Distinct trunk names kept; past it they fold into "other". */
  cap: number;
  /** Events folded into "other" since start because the cap was reached. */
  folded: number;
}
