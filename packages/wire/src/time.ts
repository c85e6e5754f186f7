/**
 * The one grammar for durations and points in time, wherever they are written: rule files and
 * forms, silences, and every query string of the API.
 */

export const SECOND_MS = 1_000;
export const MINUTE_MS = 60 * SECOND_MS;
export const HOUR_MS = 60 * MINUTE_MS;
export const DAY_MS = 24 * HOUR_MS;

export const DURATION_UNITS = { ms: 1, s: SECOND_MS, m: MINUTE_MS, h: HOUR_MS, d: DAY_MS } as const;
export type DurationUnit = keyof typeof DURATION_UNITS;

const DURATION_RE = /^(\d{1,12})(ms|s|m|h|d)?$/;

/**
 * "30s" → 30000: a whole number and a unit (`ms`, `s`, `m`, `h`, `d`). A bare number is taken in
 * `bareUnit` when one is given (query strings: milliseconds) and refused otherwise (rule files,
 * where "5" is more likely five minutes meant than five milliseconds). Undefined when not a duration.
 */
export function parseDuration(text: string, bareUnit?: DurationUnit): number | undefined {
  const m = DURATION_RE.exec(text.trim());
  if (!m) return undefined;
  const unit = (m[2] as DurationUnit | undefined) ?? bareUnit;
  if (unit === undefined) return undefined;
  const ms = Number(m[1]) * DURATION_UNITS[unit];
  return Number.isSafeInteger(ms) ? ms : undefined;
}

/** 300000 → "5m": the largest unit that divides the value. */
export function formatDuration(ms: number): string {
  for (const unit of ['d', 'h', 'm', 's'] as const) {
    const size = DURATION_UNITS[unit];
    if (ms >= size && ms % size === 0) return `${ms / size}${unit}`;
  }
  return `${ms}ms`;
}

export const DURATION_MESSAGE = 'must be a duration like "30s", "5m" or "1h"';
export const TIME_MESSAGE =
  'must be a time: epoch milliseconds, or ISO 8601 such as "2025-01-31T18:00:00Z" (UTC when no zone is given)';

const ISO_DATE = /^\d{4}-\d\d-\d\d$/;
const ISO_DATE_TIME = /^\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d(\.\d{1,9})?)?(Z|[+-]\d\d:?\d\d)?$/i;
const HAS_ZONE = /(Z|[+-]\d\d:?\d\d)$/i;

/**
 * A point in time, as epoch milliseconds (a number, or digits in a string) or an ISO 8601 date or
 * date-time. A time without a zone is UTC, on every route: never the server's local zone, which a
 * caller cannot see. Undefined when it is not a time.
 */
export function parseTime(value: string | number): number | undefined {
  let ms: number;
  if (typeof value === 'number') ms = value;
  else {
    const text = value.trim();
    if (/^\d{1,16}$/.test(text)) ms = Number(text);
    else if (ISO_DATE.test(text)) ms = Date.parse(`${text}T00:00:00Z`);
    else if (ISO_DATE_TIME.test(text)) ms = Date.parse(HAS_ZONE.test(text) ? text : `${text}Z`);
    else return undefined;
  }
  return Number.isSafeInteger(ms) && ms >= 0 ? ms : undefined;
}
