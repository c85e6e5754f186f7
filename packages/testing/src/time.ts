/**
 * Where test clocks start: 2025-01-06 12:00:00 UTC, a Monday, on a minute (and hour) boundary, so
 * seconds, minutes and the hour-ago and day-ago baselines line up without rounding.
 */
export const T0 = Date.UTC(2025, 0, 6, 12, 0, 0);
