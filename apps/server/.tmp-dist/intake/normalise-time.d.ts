export declare function parseEventTime(value: number | string): number | undefined;
/** `ts` never lies in the future by more than the allowed skew: such an event happened on arrival. */
export declare function clampFuture(ts: number, receivedAt: number, skewMs: number): {
    ts: number;
    clamped: boolean;
};
