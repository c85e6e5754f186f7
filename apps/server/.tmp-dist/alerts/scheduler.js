export const timerScheduler = {
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
export class ManualScheduler {
    clock;
    seq = 0;
    due = new Map();
    constructor(clock) {
        this.clock = clock;
    }
    schedule(delayMs, fn) {
        const id = this.seq++;
        this.due.set(id, { at: this.clock.now() + delayMs, fn });
        return () => this.due.delete(id);
    }
    /** Delays of the calls still waiting, soonest first. */
    pending() {
        const now = this.clock.now();
        return [...this.due.values()].map((d) => d.at - now).sort((a, b) => a - b);
    }
    advance(ms) {
        this.clock.advance(ms);
        const now = this.clock.now();
        const ready = [...this.due.entries()].filter(([, d]) => d.at <= now).sort((a, b) => a[1].at - b[1].at);
        for (const [id, d] of ready) {
            this.due.delete(id);
            d.fn();
        }
    }
}
//# sourceMappingURL=scheduler.js.map