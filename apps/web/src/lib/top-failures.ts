import { classify } from '@sipwatch/codes';
import type { OutcomeCategory } from '@sipwatch/codes';
import type { CodeOutcomes, RankedCode, TopFailure } from '@sipwatch/wire';
import { failureShare, rankFailures } from '@sipwatch/wire/metrics';

export interface TopFailureRow {
  code: number;
  /** The phrase the equipment sent (untrusted text), else the registered one. */
  reason: string;
  count: number;
  /** Of counted finals, 0..1 (null for the responses the rate leaves out). */
  share: number | null;
  /** count / the baseline's count; null when the baseline had none. */
  vsUsual: number | null;
  /** count - the baseline's count; null without a baseline. */
  excess: number | null;
  /** The registry's outcome category: a network fault reads apart from a user's own outcome. */
  category: OutcomeCategory | null;
}

/** The top failures, and what the failure rate leaves out, each in its own list. */
export interface TopFailureLists {
  failures: TopFailureRow[];
  /** 487 after CANCEL. */
  abandoned: TopFailureRow[];
  /** 401/407. */
  challenges: TopFailureRow[];
}

export const NO_TOP_FAILURES: TopFailureLists = { failures: [], abandoned: [], challenges: [] };

function categoryOf(code: number): OutcomeCategory | null {
  const c = classify(code);
  return c.ok ? c.category : null;
}

/**
 * The top failure codes of a window, ranked by the contract's one ranking (rankFailures: excess
 * over the baseline when there is one): the latest tick's counts (live) or the server's summary
 * (history), with the server's reason phrases where it has them. Abandoned calls and challenges
 * come apart, never among failures. Pure.
 */
export function topFailureRows(
  top: readonly TopFailure[],
  outcomes: CodeOutcomes | null,
  countedFinals: number | null,
  usual: CodeOutcomes | null | undefined,
  limit = 10,
): TopFailureLists {
  const reasons = new Map(top.map((t) => [t.code, t.reason]));
  const shares = new Map(top.map((t) => [t.code, t.share]));
  const now: CodeOutcomes = outcomes ?? {
    failures: Object.fromEntries(top.map((t) => [String(t.code), t.count])),
    abandoned: {},
    challenges: {},
  };
  const ranking = rankFailures(now, usual, limit);
  const row =
    (failure: boolean) =>
    (r: RankedCode): TopFailureRow => {
      const c = classify(r.code);
      const share = !failure
        ? null
        : countedFinals !== null
          ? failureShare(r.count, countedFinals)
          : (shares.get(r.code) ?? null);
      return {
        code: r.code,
        reason: reasons.get(r.code) ?? (c.ok ? c.entry.phrase : ''),
        count: r.count,
        share,
        vsUsual: r.usual ? r.count / r.usual : null,
        excess: r.excess,
        category: categoryOf(r.code),
      };
    };
  return {
    failures: ranking.failures.map(row(true)),
    abandoned: ranking.abandoned.map(row(false)),
    challenges: ranking.challenges.map(row(false)),
  };
}
