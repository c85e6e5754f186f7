import type { Clock } from '../clock.js';

/** Delayed calls, injectable so tests move time by hand instead of waiting. */
export interface Scheduler {
  schedule(delayMs: number, fn: () => void): () => void;
}

export const timerScheduler: Scheduler = {
  schedule(delayMs, fn) {
    const timer = setTimeout(fn, delayMs);
    timer.unref();
    return () => clearTimeout(timer);
  },
};

/**
 * A scheduler over a clock that only moves when told. `advance` moves the clock (when it is a
 * ManualClock-like clock with `advance`) and runs every call that has come due, in order.
 */
export class ManualScheduler implements Scheduler {
  private seq = 0;
  private readonly due = new Map<number, { at: number; fn: () => void }>();

  constructor(private readonly clock: Clock & { advance(ms: number): void }) {}

  schedule(delayMs: number, fn: () => void): () => void {
    const id = this.seq++;
    this.due.set(id, { at: this.clock.now() + delayMs, fn });
    return () => this.due.delete(id);
  }

  /** Delays of the calls still waiting, soonest first. */
  pending(): number[] {
    const now = this.clock.now();
    return [...this.due.values()].map((d) => d.at - now).sort((a, b) => a - b);
  }

  advance(ms: number): void {
    this.clock.advance(ms);
    const now = this.clock.now();
    const ready = [...this.due.entries()].filter(([, d]) => d.at <= now).sort((a, b) => a[1].at - b[1].at);
    for (const [id, d] of ready) {
      this.due.delete(id);
      d.fn();
    }
  }
}
