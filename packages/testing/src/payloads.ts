import { classify } from '@sipwatch/codes';
import type {
  AlertView,
  CallCounts,
  Baseline,
  ClassCounts,
  CodeDetail,
  CodeOutcomes,
  Explanation,
  StoredEvent,
  DimensionRow,
  Kpis,
  SeriesPoint,
  SipEvent,
  Snapshot,
  Subscription,
  Summary,
  Tick,
  TimingPoint,
  TimingResponse,
  TimingRow,
  TimingStats,
  TopFailure,
} from '@sipwatch/wire';

/** Builders for the wire payloads the dashboard consumes, with plausible defaults. */

export function classCounts(partial: Partial<ClassCounts> = {}): ClassCounts {
  return { '1xx': 0, '2xx': 0, '3xx': 0, '4xx': 0, '5xx': 0, '6xx': 0, ...partial };
}

/** Calls by outcome, all zero but what is given. */
export function callCounts(partial: Partial<CallCounts> = {}): CallCounts {
  return {
    attempts: 0,
    answered: 0,
    user: 0,
    network: 0,
    request: 0,
    redirect: 0,
    abandoned: 0,
    ineffective: 0,
    ...partial,
  };
}

export function kpis(partial: Partial<Kpis> = {}): Kpis {
  return {
    responsesPerSec: 0,
    finalsPerSec: 0,
    responses: 0,
    finals: 0,
    countedFinals: 0,
    failures: 0,
    challenges: 0,
    abandoned: 0,
    failureRate: null,
    networkFailureRate: null,
    asr: null,
    ner: null,
    isa: null,
    calls: callCounts(),
    ...partial,
  };
}

/**
 * A point counted as the server counts it by default: 401/407 challenges and `abandoned` of the
 * 487s (those after the caller's CANCEL) are finals left out of the failure rate.
 */
export function point(t: number, byCode: Record<string, number> = {}, abandoned = 0): SeriesPoint {
  const byClass = classCounts();
  let responses = 0;
  let finals = 0;
  let countedFinals = -abandoned;
  let failures = -abandoned;
  for (const [code, n] of Object.entries(byCode)) {
    const c = Number(code);
    byClass[`${Math.floor(c / 100)}xx` as keyof ClassCounts] += n;
    responses += n;
    if (c >= 200) finals += n;
    if (c >= 200 && c !== 401 && c !== 407) countedFinals += n;
    if (c >= 400 && c !== 401 && c !== 407) failures += n;
  }
  return { t, responses, finals, countedFinals, failures, byClass, byCode };
}

/**
 * What codes count as, the way the server counts them by default (as `point`): 401/407 are
 * challenges, `abandoned` of the 487s abandoned calls, other 4xx-6xx failures.
 */
export function outcomes(byCode: Record<string, number> = {}, abandoned = 0): CodeOutcomes {
  const out: CodeOutcomes = { failures: {}, abandoned: {}, challenges: {} };
  for (const [code, n] of Object.entries(byCode)) {
    const c = Number(code);
    if (c === 401 || c === 407) out.challenges[code] = n;
    else if (c === 487 && abandoned > 0) {
      out.abandoned[code] = Math.min(n, abandoned);
      if (n > abandoned) out.failures[code] = n - abandoned;
    } else if (c >= 400) out.failures[code] = n;
  }
  return out;
}

export function baseline(partial: Partial<Baseline> = {}): Baseline {
  const byCode = partial.byCode ?? {};
  return {
    from: 0,
    to: 0,
    covered: 1,
    kpis: kpis(),
    byClass: classCounts(),
    byCode,
    outcomes: outcomes(byCode),
    ...partial,
  };
}

export function dimension(name: string, responses: number, failures: number): DimensionRow {
  return {
    name,
    responses,
    finals: responses,
    failures,
    failureRate: responses > 0 ? failures / responses : null,
    byClass: classCounts(),
  };
}

export function topFailure(code: number, count: number, reason: string, share = 0.1): TopFailure {
  return { code, reason, count, share, trunks: [], sources: [], vsHourAgo: null, vsDayAgo: null };
}

export function summary(partial: Partial<Summary> = {}): Summary {
  return {
    window: { from: 0, to: 0 },
    filter: {},
    kpis: kpis(),
    byClass: classCounts(),
    byCode: {},
    byMethod: {},
    outcomes: outcomes(partial.byCode),
    trunks: [],
    sources: [],
    topFailures: [],
    baseline: { hourAgo: baseline(), dayAgo: baseline() },
    gaps: [],
    ...partial,
  };
}

export const DEFAULT_SUB: Subscription = { filter: {}, window: '15m' };

export function snapshot(partial: Partial<Snapshot> = {}): Snapshot {
  return { serverTime: 1_000_000, subscription: DEFAULT_SUB, summary: summary(), series: [], ...partial };
}

export function tick(p: SeriesPoint, k: Partial<Kpis> = {}): Tick {
  return {
    serverTime: p.t + 1_000,
    point: p,
    kpis: kpis(k),
    byClass: p.byClass,
    byCode: p.byCode,
    outcomes: outcomes(p.byCode, k.abandoned ?? 0),
  };
}

export function event(partial: Partial<SipEvent> = {}): SipEvent {
  return {
    ts: 1_700_000_000_000,
    receivedAt: 1_700_000_000_000,
    code: 503,
    scope: 'transaction',
    source: { channel: 'http', format: 'json', host: 'sbc-1' },
    ...partial,
  };
}

export function storedEvent(partial: Partial<SipEvent> = {}, id = 1): StoredEvent {
  return { ...event(partial), id };
}

export function codeDetail(code: number, partial: Partial<CodeDetail> = {}): CodeDetail {
  const c = classify(code);
  if (!c.ok) throw new Error(c.error);
  return {
    entry: c.entry,
    known: c.known,
    category: c.category,
    window: { from: 0, to: 0 },
    filter: {},
    stats: { code, count: 0, shareOfFinals: null, failures: 0, byTrunk: [], bySource: [], byMethod: [] },
    baseline: { hourAgo: 0, dayAgo: 0 },
    samples: [],
    ...partial,
  };
}

export function alertView(
  id: string,
  state: 'ok' | 'firing',
  severity: 'warning' | 'critical' = 'warning',
  since = 0,
): AlertView {
  return {
    rule: {
      id,
      name: `rule ${id}`,
      metric: 'failure_rate',
      scope: {},
      comparison: 'gt',
      threshold: 0.1,
      window: '5m',
      minVolume: 10,
      pendingFor: '1m',
      keepFiringFor: '0s',
      severity,
      noData: 'keep',
      enabled: true,
      labels: {},
      notify: [],
      createdAt: 0,
      updatedAt: 0,
    },
    state: {
      ruleId: id,
      state,
      since,
      value: 0.2,
      volume: 100,
      threshold: 0.1,
      noData: false,
      evaluatedAt: since,
      firingSince: state === 'firing' ? since : null,
      recoveringSince: null,
      ack: null,
      silencedUntil: null,
    },
    delivery: [],
  };
}

function timingStats(p50: number | null, p95: number | null, count: number): TimingStats {
  return { p50, p95, count };
}

/** One delay's figures as the timing fixtures write them. */
type TimingStatsTuple = [p50: number | null, p95: number | null, count: number];

/** One trunk's call timing: PDD and setup p50/p95 in ms and how many calls each covers. */
export function timingRow(trunk: string, pdd: TimingStatsTuple, setup: TimingStatsTuple): TimingRow {
  return { trunk, pdd: timingStats(...pdd), setup: timingStats(...setup) };
}

/** One step of the timing series: PDD and setup p50/p95 in ms and how many calls each covers. */
export function timingPoint(at: number, pdd: TimingStatsTuple, setup: TimingStatsTuple): TimingPoint {
  return { at, pdd: timingStats(...pdd), setup: timingStats(...setup) };
}

/**
 * GET /api/v1/timing's answer for these rows (those of `trunk` only, when given), with `series` as
 * the total step by step (none by default).
 */
export function timingResponse(
  rows: readonly TimingRow[],
  trunk?: string,
  series: TimingPoint[] = [],
): TimingResponse {
  const trunks = rows.filter((r) => trunk === undefined || r.trunk === trunk);
  const sum = (pick: (r: TimingRow) => TimingStats) => trunks.reduce((n, r) => n + pick(r).count, 0);
  return {
    window: { from: 0, to: 0 },
    filter: trunk === undefined ? {} : { trunk },
    // Percentiles of the total are not the fixtures' business: the first row's stand in.
    total: {
      pdd: { ...(trunks[0]?.pdd ?? timingStats(null, null, 0)), count: sum((r) => r.pdd) },
      setup: { ...(trunks[0]?.setup ?? timingStats(null, null, 0)), count: sum((r) => r.setup) },
    },
    trunks,
    stepMs: 15_000,
    series,
  };
}

/** A steady explanation (nothing stands out) unless told otherwise. */
export function explanation(partial: Partial<Explanation> = {}): Explanation {
  return {
    window: { from: 0, to: 0 },
    baseline: { kind: 'hour', from: 0, to: 0, covered: 1 },
    filter: {},
    verdict: 'steady',
    overall: {
      failures: 0,
      finals: 0,
      expected: 0,
      expectedFinals: 0,
      excess: 0,
      rate: null,
      baselineRate: null,
      lift: null,
    },
    slices: [],
    code: null,
    line: 'Nothing stands out: failures as usual',
    ...partial,
  };
}
