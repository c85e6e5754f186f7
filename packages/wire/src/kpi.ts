/**
 * Every ratio sipwatch shows, as one formula each over the counts it needs (docs/kpis.md). The
 * server's KPIs and alerts, and the dashboard's charts, sparklines and tables all call these, so a
 * tile and the line beside it agree to the digit. Which responses fall in which count (challenges
 * and abandoned calls left out of the counted finals) the server decides when it counts them.
 *
 * Free of the validation library and of other packages: the browser entry `./metrics` exports it.
 * A ratio is null, never 0 or NaN, when its denominator is 0.
 */

/** Counts of call outcomes (INVITE, scope call or initial-INVITE finals), per RFC 6076 / E.411. */
export interface CallCounts {
  attempts: number;
  answered: number;
  /** The called party's own outcome (busy, no answer, declined). */
  user: number;
  network: number;
  request: number;
  redirect: number;
  /** 487 after the caller's CANCEL. */
  abandoned: number;
  /** 408, 500, 503, 504: RFC 6076 ISA. */
  ineffective: number;
}

/** What the failure rate is made of: a series point, a window's KPIs, a table row. */
export interface FailureCounts {
  /** Counted finals that are failures. */
  failures: number;
  /** Finals less the excluded challenges (401/407) and abandoned calls (487 after CANCEL). */
  countedFinals: number;
}

export function ratio(numerator: number, denominator: number): number | null {
  return denominator > 0 ? numerator / denominator : null;
}

/** failures / counted finals. */
export function failureRate(counts: FailureCounts): number | null {
  return ratio(counts.failures, counts.countedFinals);
}

/** Counted finals in the `network` category / counted finals. */
export function networkFailureRate(network: number, countedFinals: number): number | null {
  return ratio(network, countedFinals);
}

/** One failure code's part of the failure-rate denominator (a top failure's share). */
export function failureShare(count: number, countedFinals: number): number | null {
  return ratio(count, countedFinals);
}

/** A class's or a code's share of all finals, excluded ones included (1xx have none). */
export function shareOfFinals(count: number, finals: number): number | null {
  return ratio(count, finals);
}

/**
 * The denominator of ASR, NER and ISA: call outcomes less redirections (RFC 6076 excludes 3xx), and
 * less abandoned calls unless they are counted.
 */
export function callDenominator(calls: CallCounts, excludeAbandoned: boolean): number {
  return calls.attempts - calls.redirect - (excludeAbandoned ? calls.abandoned : 0);
}

/** RFC 6076 SER / ITU-T E.411 ASR: answered / D. */
export function asr(calls: CallCounts, excludeAbandoned: boolean): number | null {
  return ratio(calls.answered, callDenominator(calls, excludeAbandoned));
}

/** E.411 NER / RFC 6076 SEER: (answered + the called party's own outcomes) / D. */
export function ner(calls: CallCounts, excludeAbandoned: boolean): number | null {
  return ratio(calls.answered + calls.user, callDenominator(calls, excludeAbandoned));
}

/** RFC 6076 ISA: ineffective (408, 500, 503, 504) / D. */
export function isa(calls: CallCounts, excludeAbandoned: boolean): number | null {
  return ratio(calls.ineffective, callDenominator(calls, excludeAbandoned));
}

/** Lines the intake could not parse / every line it received. */
export function unparsedRate(lines: { unparsed: number; total: number }): number | null {
  return ratio(lines.unparsed, lines.total);
}

/**
 * Per code, what a window's finals count as: failures (the failure rate's numerator), and the
 * responses the rate leaves out, abandoned calls (487 after CANCEL) and auth challenges (401/407).
 * Keyed "503"; only non-zero counts. The server fills it from the same profiles as every KPI.
 */
export interface CodeOutcomes {
  failures: Record<string, number>;
  abandoned: Record<string, number>;
  challenges: Record<string, number>;
}

/** The labels the views show excluded responses under, never among failures. */
export const APART_LABELS = { abandoned: 'abandoned', challenges: 'auth challenge' } as const;

export interface RankedCode {
  code: number;
  count: number;
  /** The baseline's count for the code (same span); null without a baseline. */
  usual: number | null;
  /** count - usual; null without a baseline. */
  excess: number | null;
}

/** Failures ranked, and the excluded responses each in their own list. */
export interface FailureRanking {
  failures: RankedCode[];
  abandoned: RankedCode[];
  challenges: RankedCode[];
}

/** A baseline is there when it counted anything at all. */
export function hasBaseline(usual: CodeOutcomes | null | undefined): usual is CodeOutcomes {
  if (!usual) return false;
  const any = (r: Record<string, number>) => Object.values(r).some((n) => n > 0);
  return any(usual.failures) || any(usual.abandoned) || any(usual.challenges);
}

function rankList(
  now: Record<string, number>,
  usual: Record<string, number> | null,
  limit: number,
): RankedCode[] {
  const rows: RankedCode[] = [];
  for (const [key, count] of Object.entries(now)) {
    if (!(count > 0)) continue;
    const before = usual ? (usual[key] ?? 0) : null;
    rows.push({ code: Number(key), count, usual: before, excess: before === null ? null : count - before });
  }
  // Biggest excess over the baseline first when there is one (a storm before the usual busy
  // tones), else the biggest count.
  return rows
    .sort((a, b) => (b.excess ?? b.count) - (a.excess ?? a.count) || b.count - a.count || a.code - b.code)
    .slice(0, limit);
}

/**
 * The one ranking every top-failure list uses (overview, wall, notifications): failures by excess
 * over the baseline (by count without one); abandoned calls and challenges apart, ranked the same.
 */
export function rankFailures(now: CodeOutcomes, usual?: CodeOutcomes | null, limit = 10): FailureRanking {
  const base = hasBaseline(usual) ? usual : null;
  return {
    failures: rankList(now.failures, base?.failures ?? null, limit),
    abandoned: rankList(now.abandoned, base?.abandoned ?? null, limit),
    challenges: rankList(now.challenges, base?.challenges ?? null, limit),
  };
}
