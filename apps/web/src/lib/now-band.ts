import type { AlertView, ExplainedSlice, Explanation } from '@sipwatch/wire';
import { baselineCovered, explanationLine, NO_BASELINE_TEXT, sliceLabel } from '@sipwatch/wire';
import { formatCount } from '@sipwatch/wire/metrics';

/**
 * How often a live explanation (the now band, the overview's strip) is asked again: both move
 * together, so the two never disagree for longer than this. The server answers each closed second
 * once for every caller.
 */
export const EXPLAIN_REFRESH_MS = 2_000;

export interface NowSlice {
  slice: ExplainedSlice;
  /** "503 Service Unavailable from carrier-b". */
  label: string;
  /** Its failures a minute over the span: "37/min". */
  rate: string;
  /** "12× usual", "none usually" when the baseline had none, "No baseline yet" without one. */
  usual: string;
  /** Of the extra failures (of all failures without a baseline), 0..100. */
  sharePercent: number;
  /** "40% of the rise", or "40% of failures" without a baseline (nothing is known to have risen). */
  share: string;
}

export interface NowBandModel {
  /**
   * slices: some slices are worse than their baseline; broad, volume: a change no slice holds;
   * no-baseline: the server ran too little of the baseline to know what is usual (the slices, if
   * any, are then the biggest failures, not a rise).
   */
  status: 'slices' | 'broad' | 'volume' | 'normal' | 'no-baseline';
  /** The headline: the top slice's sentence, the broad or volume sentence, or "All trunks normal". */
  headline: string;
  slices: NowSlice[];
  /** Rule names of the firing alerts, critical first. */
  firing: { name: string; severity: AlertView['rule']['severity'] }[];
}

function times(lift: number): string {
  return lift >= 10 ? `${Math.round(lift)}×` : `${lift.toFixed(1)}×`;
}

/**
 * What the "now" band says, from the attribution of the last few minutes and the firing alerts.
 * Slices in the attribution's order: biggest excess over the baseline first. Pure.
 */
export function nowBandModel(
  e: Explanation,
  firing: readonly AlertView[],
  clock: (ms: number) => string,
): NowBandModel {
  const minutes = Math.max(1, (e.window.to - e.window.from) / 60_000);
  const known = baselineCovered(e.baseline.covered);
  const slices = e.slices.map((s): NowSlice => {
    const phrase = e.code && e.code.code === s.slice.code ? e.code.phrase : undefined;
    const sharePercent = Math.round(s.share * 100);
    return {
      slice: s,
      label: sliceLabel(s.slice, phrase),
      rate: `${formatCount(Math.round(s.failures / minutes))}/min`,
      usual: !known ? NO_BASELINE_TEXT : s.lift === null ? 'none usually' : `${times(s.lift)} usual`,
      sharePercent,
      share: known ? `${sharePercent}% of the rise` : `${sharePercent}% of failures`,
    };
  });
  // Without a baseline, and with no alert firing, nothing is known to be wrong: the slices are the
  // biggest failures, not a rise, and the band must not look like an alarm on every fresh start.
  const status =
    !known && firing.length === 0
      ? e.verdict === 'steady'
        ? 'normal'
        : 'no-baseline'
      : e.verdict === 'slices' ||
          e.verdict === 'broad' ||
          e.verdict === 'volume' ||
          e.verdict === 'no-baseline'
        ? e.verdict
        : 'normal';
  const headline =
    status === 'normal'
      ? firing.length > 0
        ? 'No slice stands out over the last minutes'
        : 'All trunks normal'
      : explanationLine(e, clock);
  return {
    status,
    headline,
    slices,
    firing: firing.map((a) => ({ name: a.rule.name, severity: a.rule.severity })),
  };
}
