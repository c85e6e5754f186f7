import type { AlertRuleSpec, BacktestResult } from '@sipwatch/wire';
import {
  HOUR_MS,
  MINUTE_MS,
  breaches,
  formatDateTime,
  formatMetricValue,
  parseDuration,
} from '@sipwatch/wire/metrics';

/** The backtest's answer in words. Pure. */

/** A preview asked for (or answered) for the form content `key`. */
export interface PreviewState {
  key: string;
  busy: boolean;
  result: BacktestResult | null;
  error: string | null;
  /** The rule as it was previewed (the form may have changed since): the chart draws its threshold. */
  spec?: PreviewedRule | null;
}

/** The part of a rule the preview's chart and advice read. */
export type PreviewedRule = Pick<
  AlertRuleSpec,
  'metric' | 'comparison' | 'threshold' | 'recoverAt' | 'pendingFor' | 'keepFiringFor'
>;

function span(result: BacktestResult): string {
  const hours = Math.round((result.to - result.from) / HOUR_MS);
  return hours === 1 ? 'the last hour' : `the last ${hours} hours`;
}

/** "On the last 24 hours this rule would have fired 3 times." */
export function previewSentence(result: BacktestResult): string {
  const n = result.firings;
  return `On ${span(result)} this rule would have fired ${n} ${n === 1 ? 'time' : 'times'}.`;
}

/** The details under the sentence: still firing, minutes without data. */
export function previewNotes(result: BacktestResult): string[] {
  const notes: string[] = [];
  const last = result.intervals.at(-1);
  if (last && last.to === null) notes.push('It would be firing now.');
  if (result.steps > 0 && result.noDataSteps > 0) {
    const all = result.noDataSteps === result.steps;
    notes.push(
      all
        ? `There was no data (or less traffic than the minimum volume) in any of the ${result.steps} minutes: stored history may be short.`
        : `${result.noDataSteps} of ${result.steps} minutes had no data or less traffic than the minimum volume.`,
    );
  }
  return notes;
}

/** Each firing interval as "from – to" (or "from – still firing"). */
export function previewIntervals(result: BacktestResult): string[] {
  return result.intervals.map(
    (i) => `${formatDateTime(i.from)} – ${i.to === null ? 'still firing' : formatDateTime(i.to)}`,
  );
}

const minutes = (ms: number) => {
  const m = Math.round(ms / MINUTE_MS);
  return m === 1 ? '1 minute' : `${m} minutes`;
};

/**
 * "Peak 23.4% at 12:40": the worst step of the replay, and how many steps were past the
 * threshold. When the rule would never have fired although some steps were past it, says why
 * (none lasted the pending time), since the chart shows them above the line.
 */
export function previewPeak(result: BacktestResult, rule: PreviewedRule): string[] {
  if (!result.peak) return [];
  const lines = [
    `Peak ${formatMetricValue(rule.metric, result.peak.value)} at ${formatDateTime(result.peak.at)}, against a threshold of ${formatMetricValue(rule.metric, rule.threshold)}.`,
  ];
  const over = result.points.filter(
    (p) => p.value !== null && breaches(rule.comparison, p.value, rule.threshold),
  ).length;
  if (over > 0 && result.firings === 0) {
    lines.push(
      `${over} ${over === 1 ? 'minute was' : 'minutes were'} past the threshold, none for as long as the pending time (${rule.pendingFor}), so it would not have fired.`,
    );
  }
  return lines;
}

/**
 * The replay's resolution, said where it changes the answer: timers shorter than a step, or not
 * whole steps, act as whole steps in the preview but not live.
 */
export function previewResolution(result: BacktestResult, rule: PreviewedRule): string | null {
  const step = result.stepMs;
  const uneven = (['pendingFor', 'keepFiringFor'] as const).filter((k) => {
    const ms = parseDuration(rule[k]) ?? 0;
    return ms > 0 && ms % step !== 0;
  });
  if (uneven.length === 0) return null;
  const names = uneven.map((k) =>
    k === 'pendingFor' ? `a pending time of ${rule.pendingFor}` : `keep firing for ${rule.keepFiringFor}`,
  );
  return `The preview replays the stored rollups one ${step === MINUTE_MS ? 'minute' : minutes(step)} at a time, so ${names.join(' and ')} acts as whole minutes here; live, the rule is checked every few seconds and can fire or resolve sooner.`;
}

/** Firings closer together than this are one incident told several times. */
const FLAP_GAP_MS = 15 * MINUTE_MS;

/**
 * Advice when the replay flaps (three or more firings, most of them back within 15 minutes of the
 * last): the "keep firing for" that would have joined them, and a recovery threshold when the rule
 * has none.
 */
export function flappingAdvice(result: BacktestResult, rule: PreviewedRule): string | null {
  const done = result.intervals;
  if (done.length < 3) return null;
  const gaps: number[] = [];
  for (let i = 1; i < done.length; i++) {
    const end = done[i - 1]!.to;
    if (end !== null) gaps.push(done[i]!.from - end);
  }
  const short = gaps.filter((g) => g <= FLAP_GAP_MS).sort((a, b) => a - b);
  if (short.length < 2 || short.length * 2 < gaps.length) return null;
  // Strictly longer than the longest short gap, so that clear spell ends before the rule resolves.
  const keep = (Math.floor(short.at(-1)! / MINUTE_MS) + 1) * MINUTE_MS;
  const joined = done.length - short.length;
  const advice = [
    `This rule flaps: ${short.length + 1} of its ${done.length} firings came back within ${minutes(FLAP_GAP_MS)} of the one before.`,
    `"Keep firing for ${keep / MINUTE_MS}m" would have made them ${joined} ${joined === 1 ? 'firing' : 'firings'}.`,
  ];
  if (rule.recoverAt === undefined) {
    const below = rule.comparison === 'gt' || rule.comparison === 'gte';
    const suggested = below ? rule.threshold * 0.8 : rule.threshold * 1.25;
    advice.push(
      `A recovery threshold also helps: with "Recover at" ${formatMetricValue(rule.metric, suggested)}, the value must fall back ${below ? 'below' : 'above'} it to resolve.`,
    );
  }
  return advice.join(' ');
}

/**
 * Where the chart starts: the replay's start, or shortly before the first minute with data when
 * that leaves most of the span empty (a new server, a new trunk), so the data is not a sliver.
 */
export function chartStart(result: BacktestResult): number {
  const first = result.points.find((p) => p.value !== null)?.at;
  if (first === undefined) return result.from;
  const span = result.to - result.from;
  if (first - result.from < span / 4) return result.from;
  const margin = Math.max(10 * MINUTE_MS, (result.to - first) / 10);
  return Math.max(result.from, Math.floor((first - margin) / MINUTE_MS) * MINUTE_MS);
}
