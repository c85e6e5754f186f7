import type { ServerGap } from '@sipwatch/wire';

/**
 * When the server ran, from its run records (one per start: its start and its newest flush), and
 * the spans no run covers. Pure: the current run's end is `now`, given by the caller.
 */

/** One run of the server, [start, end) in ms. */
export interface RunSpan {
  start: number;
  end: number;
}

/**
 * The spans of [from, to) no run covers, oldest first; shorter ones than `minGapMs` are left out
 * (a restart of a second or two, or the time between a crash and its last flush, is not news).
 */
export function serverGaps(
  runs: readonly RunSpan[],
  from: number,
  to: number,
  minGapMs: number,
): ServerGap[] {
  const inRange = runs.filter((r) => r.end > from && r.start < to).sort((a, b) => a.start - b.start);
  const gaps: ServerGap[] = [];
  let cursor = from;
  for (const r of inRange) {
    if (r.start - cursor >= minGapMs) gaps.push({ from: cursor, to: r.start });
    cursor = Math.max(cursor, r.end);
  }
  if (to - cursor >= minGapMs) gaps.push({ from: cursor, to });
  return gaps;
}

/** The share of [from, to) the server ran, 0..1 (1 for an empty range): the complement of its gaps. */
export function coveredShare(runs: readonly RunSpan[], from: number, to: number, minGapMs: number): number {
  if (to <= from) return 1;
  const missing = serverGaps(runs, from, to, minGapMs).reduce((n, g) => n + (g.to - g.from), 0);
  return 1 - missing / (to - from);
}

/** The runs before this one (as stored) and this one, which lasts until `now`. */
export class RunHistory {
  constructor(
    private readonly past: readonly RunSpan[],
    /** This run: its record's id and its start. */
    readonly current: { id: number; start: number },
    /** Gaps shorter than this are not given (see serverGaps). */
    readonly minGapMs: number,
  ) {}

  spans(now: number): RunSpan[] {
    return [...this.past, { start: this.current.start, end: Math.max(now, this.current.start) }];
  }

  gaps(from: number, to: number, now: number): ServerGap[] {
    return serverGaps(this.spans(now), from, to, this.minGapMs);
  }

  covered(from: number, to: number, now: number): number {
    return coveredShare(this.spans(now), from, to, this.minGapMs);
  }
}

/** The shortest gap given: twice the flush interval (a crash loses up to one), at least 5 s. */
export function minGapFor(flushIntervalMs: number): number {
  return Math.max(5000, 2 * flushIntervalMs);
}
