/** Percentiles of one delay over a window, in milliseconds; null when no call contributed. */
export interface TimingStats {
  p50: number | null;
  p95: number | null;
  count: number;
}

/** Call timing of a slice of traffic, from HEP (the one source that sees the INVITE and its replies). */
export interface TimingSummary {
  /** Post-dial delay: INVITE → first 18x. */
  pdd: TimingStats;
  /** Setup time: INVITE → final response (abandoned calls excluded). */
  setup: TimingStats;
}

export interface TimingRow extends TimingSummary {
  trunk: string;
}

/** One step of the window: the calls whose final response fell in [at, at + stepMs). */
export interface TimingPoint extends TimingSummary {
  at: number;
}

/** GET /api/v1/timing */
export interface TimingResponse {
  window: { from: number; to: number };
  filter: { trunk?: string };
  total: TimingSummary;
  trunks: TimingRow[];
  /** The total step by step over the window (about 60 steps, whole 15-second slots), oldest first. */
  stepMs: number;
  series: TimingPoint[];
}
