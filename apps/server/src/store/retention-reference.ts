import { DAY_MS, MINUTE_MS } from '@sipwatch/wire';
import type { Clock } from '../clock.js';
import type { Logger } from '../logger.js';

/**
 * The "now" that retention counts back from. It is the wall clock, except that it never runs
 * ahead of the newest stored data by more than the time that really passed since start: a host
 * that boots with its clock a year ahead, or whose clock jumps, then keeps its history (and ages it
 * at the real pace) instead of pruning all of it at once, permanently.
 */
export class RetentionReference {
  private readonly anchor: number;
  private readonly anchorElapsed: number;

  constructor(
    private readonly clock: Clock,
    newestStoredMinute: number | undefined,
    logger: Logger,
  ) {
    const now = clock.now();
    this.anchor =
      newestStoredMinute === undefined ? now : Math.min(now, (newestStoredMinute + 1) * MINUTE_MS);
    this.anchorElapsed = clock.elapsed();
    const gap = now - this.anchor;
    if (gap > DAY_MS)
      logger.warn(
        { gapDays: Math.round(gap / DAY_MS) },
        'the clock is far past the newest stored data (a long stop, or a wrong clock): retention counts from that data, nothing is pruned for the gap',
      );
  }

  now(): number {
    return Math.min(this.clock.now(), this.anchor + (this.clock.elapsed() - this.anchorElapsed));
  }
}
