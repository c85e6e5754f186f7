/** Every "now" in the server comes from one of these, so tests drive time instead of sleeping. */
export interface Clock {
  /** Wall-clock time, epoch ms: what events and rollups are stamped with. It may jump. */
  now(): number;
  /** Milliseconds that really passed, from an arbitrary start: it never jumps (retention uses it). */
  elapsed(): number;
}

export const systemClock: Clock = { now: () => Date.now(), elapsed: () => performance.now() };

/** A clock tests move by hand: `advance` is time passing, `set` a jump of the wall clock. */
export class ManualClock implements Clock {
  private passed = 0;
  constructor(private current: number) {}
  now(): number {
    return this.current;
  }
  elapsed(): number {
    return this.passed;
  }
  set(ms: number): void {
    this.current = ms;
  }
  advance(ms: number): void {
    this.current += ms;
    this.passed += ms;
  }
}
