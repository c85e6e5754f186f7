/**
 * Event times arrive as epoch milliseconds, epoch seconds (with or without a fraction) or date
 * strings (ISO 8601, RFC 2822 as Twilio sends). Numbers below 1e11 are seconds: 1e11 ms is 1973,
 * 1e11 s is the year 5138, so the two ranges cannot be confused for real traffic.
 */
const SECONDS_LIMIT = 1e11;
const NUMERIC = /^\s*\d+(?:\.\d+)?\s*$/;
export function parseEventTime(value) {
    if (typeof value === 'number')
        return fromEpoch(value);
    if (NUMERIC.test(value))
        return fromEpoch(Number(value));
    if (value.length > 64)
        return undefined;
    const ms = Date.parse(value);
    return Number.isFinite(ms) && ms >= 0 ? ms : undefined;
}
function fromEpoch(n) {
    if (!Number.isFinite(n) || n < 0)
        return undefined;
    const ms = n < SECONDS_LIMIT ? n * 1000 : n;
    return ms > 8.64e15 ? undefined : Math.round(ms);
}
/** `ts` never lies in the future by more than the allowed skew: such an event happened on arrival. */
export function clampFuture(ts, receivedAt, skewMs) {
    return ts > receivedAt + skewMs ? { ts: receivedAt, clamped: true } : { ts, clamped: false };
}
//# sourceMappingURL=normalise-time.js.map