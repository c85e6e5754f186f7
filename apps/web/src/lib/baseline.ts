import type { Baseline, Summary } from '@sipwatch/wire';
import { baselineCovered } from '@sipwatch/wire';

/**
 * "Usual" for the dashboard: the same window yesterday when it had traffic (daily patterns are
 * strong in voice), else the same window an hour ago; only one the server ran enough of
 * (MIN_BASELINE_COVERAGE), its counts scaled to the whole window. Pure.
 */
export interface ChosenBaseline {
  label: string;
  baseline: Baseline;
}

export function pickBaseline(summary: Summary | null | undefined): ChosenBaseline | null {
  if (!summary) return null;
  const { dayAgo, hourAgo } = summary.baseline;
  const usable = (b: Baseline) => b.kpis.responses > 0 && baselineCovered(b.covered);
  if (usable(dayAgo)) return { label: 'same time yesterday', baseline: scaled(dayAgo) };
  if (usable(hourAgo)) return { label: 'an hour ago', baseline: scaled(hourAgo) };
  return null;
}

/** A baseline's counts as if the server had run all of its window (rates and shares stay). */
export function scaled(b: Baseline): Baseline {
  if (b.covered >= 1 || b.covered <= 0) return b;
  const by = (r: Record<string, number>) =>
    Object.fromEntries(Object.entries(r).map(([k, n]) => [k, n / b.covered]));
  return {
    ...b,
    byCode: by(b.byCode),
    outcomes: {
      failures: by(b.outcomes.failures),
      abandoned: by(b.outcomes.abandoned),
      challenges: by(b.outcomes.challenges),
    },
  };
}

/** current / usual; null when usual is 0 or unknown. */
export function ratio(current: number | null | undefined, usual: number | null | undefined): number | null {
  if (current === null || current === undefined || usual === null || usual === undefined || usual <= 0)
    return null;
  return current / usual;
}

/** Difference of two 0..1 rates in percentage points; null when either is missing. */
export function pointsDiff(
  current: number | null | undefined,
  usual: number | null | undefined,
): number | null {
  if (current === null || current === undefined || usual === null || usual === undefined) return null;
  return (current - usual) * 100;
}

export function describeRatio(r: number | null): string | null {
  if (r === null) return null;
  if (r >= 0.95 && r <= 1.05) return 'as usual';
  if (r >= 10) return `${r.toFixed(0)}× usual`;
  if (r >= 1) return `${r.toFixed(1)}× usual`;
  return `${Math.round((1 - r) * 100)}% below usual`;
}

export function describePoints(pp: number | null): string | null {
  if (pp === null) return null;
  if (Math.abs(pp) < 0.05) return 'as usual';
  return `${pp > 0 ? '+' : '−'}${Math.abs(pp).toFixed(1)} pp vs usual`;
}

export interface CodeSpike {
  code: number;
  count: number;
  /** null: none at all in the baseline window. */
  ratio: number | null;
  text: string;
}

/** Smallest count worth shouting about; a single 503 is not a spike. */
const SPIKE_MIN_COUNT = 5;
const SPIKE_MIN_RATIO = 2;

/** The failure code that grew most against the baseline ("503s 12× usual"), if any did. */
export function biggestSpike(
  failures: Record<string, number>,
  usual: Record<string, number> | undefined,
): CodeSpike | null {
  // Without a baseline window there is no "usual" to compare with.
  if (!usual) return null;
  let best: CodeSpike | null = null;
  let bestScore = 0;
  for (const [key, count] of Object.entries(failures)) {
    const code = Number(key);
    if (count < SPIKE_MIN_COUNT) continue;
    const before = usual[key] ?? 0;
    const r = before > 0 ? count / before : null;
    if (r !== null && r < SPIKE_MIN_RATIO) continue;
    // A code absent from the baseline scores by its count; otherwise by its growth.
    const score = r ?? count;
    if (score > bestScore) {
      bestScore = score;
      best = {
        code,
        count,
        ratio: r,
        text: r === null ? `${code}s new (none usually)` : `${code}s ${describeRatio(r)}`,
      };
    }
  }
  return best;
}
