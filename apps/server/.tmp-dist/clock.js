export const systemClock = { now: () => Date.now() };
/** A clock tests move by hand. */
export class ManualClock {
    current;
    constructor(current) {
        this.current = current;
    }
    now() {
        return this.current;
    }
    set(ms) {
        this.current = ms;
    }
    advance(ms) {
        this.current += ms;
    }
}
//# sourceMappingURL=clock.js.map