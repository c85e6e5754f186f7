/** Tick spacings a reader counts in without effort, ms. */
const NICE_STEPS_MS = [
  50, 100, 200, 250, 500, 1_000, 2_000, 2_500, 5_000, 10_000, 15_000, 20_000, 30_000, 60_000,
] as const;

/**
 * Ticks from 0 to at least `maxMs`, at most `most` of them, on round values ("2.5 s", not "1.3 s"
 * as an even split of the data's range would give).
 */
export function delayTicks(maxMs: number, most = 5): number[] {
  const top = Number.isFinite(maxMs) && maxMs > 0 ? maxMs : 1;
  const step =
    NICE_STEPS_MS.find((s) => Math.ceil(top / s) <= most - 1) ??
    Math.ceil(top / (most - 1) / 60_000) * 60_000;
  return Array.from({ length: Math.ceil(top / step) + 1 }, (_, i) => i * step);
}
