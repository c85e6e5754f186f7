import type { EventFilter, LiveWindow } from '@sipwatch/wire';
import { useExplanation } from '../../api/use-explanation';

export interface CodeOnset {
  /** The first second (epoch ms) the code's failures left their usual band. */
  at: number;
  /** Where they rose first: the slice's trunk, source or method, when it names one. */
  where: string | null;
}

/**
 * When a failure code's rise began, from the spike attribution of the live window (GET
 * /api/v1/explain, the overview's "What changed"): the onset of the biggest slice holding this code.
 * Not narrowed to the code: with one code left, slices by it would tell nothing. Live windows
 * only (an attribution over days would hold the server up); null when the code did not rise.
 */
export function useCodeOnset(code: number, window: LiveWindow | null, filter: EventFilter): CodeOnset | null {
  const failureCode = code >= 400;
  const e = useExplanation(window && failureCode ? window : null, filter);
  if (!e || e.verdict !== 'slices') return null;
  const top = e.slices.find((s) => s.slice.code === code && s.onset !== null);
  if (!top) return null;
  const { trunk, source, method } = top.slice;
  return { at: top.onset!, where: trunk ?? source ?? method ?? null };
}
