/** Every "now" in the server comes from one of these, so tests drive time instead of sleeping. */
export interface Clock {
    now(): number;
}
export declare const systemClock: Clock;
/** A clock tests move by hand. */
export declare class ManualClock implements Clock {
    private current;
    constructor(current: number);
    now(): number;
    set(ms: number): void;
    advance(ms: number): void;
}
