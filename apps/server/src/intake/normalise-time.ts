/**
 * Event times arrive as epoch milliseconds, epoch seconds (with or without a fraction) or date
 * strings (ISO 8601, RFC 2822 as Twilio sends). Numbers below 1e11 are seconds: 1e11 ms is 1973,
 * 1e11 s is the year 5138, so the two ranges cannot be confused for real traffic.
 */
const SECONDS_LIMIT = 1e11;
const NUMERIC = /^\s*\d+(?:\.\d+)?\s*$/;

export function parseEventTime(value: number | string): number | undefined {
  if (typeof value === 'number') return fromEpoch(value);
  if (NUMERIC.test(value)) return fromEpoch(Number(value));
  if (value.length > 64) return undefined;
  const ms = Date.parse(value);
  return Number.isFinite(ms) && ms >= 0 ? ms : undefined;
}

function fromEpoch(n: number): number | undefined {
  if (!Number.isFinite(n) || n < 0) return undefined;
  const ms = n < SECONDS_LIMIT ? n * 1000 : n;
  return ms > 8.64e15 ? undefined : Math.round(ms);
}

/**
 * A sender's clock is believed only within the allowed skew either side of arrival; outside it the
 * event happened on arrival. That keeps a bad clock or a hostile sender from writing into the
 * future, or into history (the hour-ago and day-ago baselines, minutes long since rolled up).
 */
export function clampEventTime(
  ts: number,
  receivedAt: number,
  futureSkewMs: number,
  pastSkewMs = Infinity,
): { ts: number; clamped: boolean } {
  return ts > receivedAt + futureSkewMs || ts < receivedAt - pastSkewMs
    ? { ts: receivedAt, clamped: true }
    : { ts, clamped: false };
}
