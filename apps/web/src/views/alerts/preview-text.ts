import type { BacktestResult } from '@sipwatch/server/wire';
import { formatDateTime } from '../../lib/format';

/** The backtest's answer in words. Pure. */

const HOUR_MS = 3_600_000;

/** A preview asked for (or answered) for the form content `key`. */
export interface PreviewState {
  key: string;
  busy: boolean;
  result: BacktestResult | null;
  error: string | null;
}

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
