/** Display formatting shared by every view. Pure; no locale surprises (fixed en-GB style numbers). */

const DASH = '—';

export function formatRate(perSec: number | null | undefined): string {
  if (perSec === null || perSec === undefined || !Number.isFinite(perSec)) return DASH;
  if (perSec >= 1000) return `${(perSec / 1000).toFixed(1)}k`;
  if (perSec >= 100) return perSec.toFixed(0);
  // Quiet links: 0.04/s is not "0.0".
  if (perSec > 0 && perSec < 1) return perSec.toFixed(2);
  return perSec.toFixed(1);
}

/** A 0..1 ratio as a percentage with one decimal. */
export function formatPercent(ratio: number | null | undefined, digits = 1): string {
  if (ratio === null || ratio === undefined || !Number.isFinite(ratio)) return DASH;
  return `${(ratio * 100).toFixed(digits)}%`;
}

/** A delay in whole milliseconds: "5200 ms" (alert thresholds are written in ms too). */
export function formatMs(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return DASH;
  return `${Math.round(ms)} ms`;
}

/**
 * A delay as a person reads it: "850 ms" under a second, "4.2 s" and "21 s" above
 * (a tenth of a second is the finest a caller notices; whole seconds from 100 s).
 */
export function formatDelay(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return DASH;
  if (Math.round(ms) < 1000) return `${Math.round(ms)} ms`;
  const s = ms / 1000;
  const text = s < 99.95 ? s.toFixed(1).replace(/\.0$/, '') : s.toFixed(0);
  return `${text} s`;
}

export function formatCount(n: number | null | undefined): string {
  if (n === null || n === undefined || !Number.isFinite(n)) return DASH;
  if (n >= 1_000_000) return `${(n / 1_000_000).toFixed(1)}M`;
  if (n >= 10_000) return `${(n / 1000).toFixed(1)}k`;
  return String(Math.round(n));
}

function pad2(n: number): string {
  return String(n).padStart(2, '0');
}

export const TIME_ZONE_CHOICES = ['local', 'utc'] as const;
/** The zone times are shown in: the browser's own, or UTC (the dashboard's switch). */
export type TimeZoneChoice = (typeof TIME_ZONE_CHOICES)[number];

let shownZone: TimeZoneChoice = 'local';

/**
 * Sets the zone every formatter below shows times in. A presentation setting of the one page (the
 * dashboard's UTC/local switch), read by the formatters rather than passed to each of the
 * hundred places that show a time. The server never sets it.
 */
export function setShownTimeZone(zone: TimeZoneChoice): void {
  shownZone = zone;
}

export function shownTimeZone(): TimeZoneChoice {
  return shownZone;
}

/** "UTC", or the browser zone's short name at that moment ("CET", "GMT-5"). */
export function timeZoneLabel(at = Date.now()): string {
  if (shownZone === 'utc') return 'UTC';
  const part = new Intl.DateTimeFormat('en-GB', { timeZoneName: 'short' })
    .formatToParts(new Date(at))
    .find((p) => p.type === 'timeZoneName');
  return part?.value ?? 'local time';
}

interface Fields {
  year: number;
  month: number;
  day: number;
  hours: number;
  minutes: number;
  seconds: number;
}

function fieldsOf(ms: number): Fields {
  const d = new Date(ms);
  return shownZone === 'utc'
    ? {
        year: d.getUTCFullYear(),
        month: d.getUTCMonth() + 1,
        day: d.getUTCDate(),
        hours: d.getUTCHours(),
        minutes: d.getUTCMinutes(),
        seconds: d.getUTCSeconds(),
      }
    : {
        year: d.getFullYear(),
        month: d.getMonth() + 1,
        day: d.getDate(),
        hours: d.getHours(),
        minutes: d.getMinutes(),
        seconds: d.getSeconds(),
      };
}

const isoDate = (f: Fields) => `${f.year}-${pad2(f.month)}-${pad2(f.day)}`;

/** HH:MM:SS in the shown time zone. */
export function formatClock(ms: number): string {
  const f = fieldsOf(ms);
  return `${pad2(f.hours)}:${pad2(f.minutes)}:${pad2(f.seconds)}`;
}

/** YYYY-MM-DD HH:MM:SS in the shown time zone. */
export function formatDateTime(ms: number): string {
  return `${isoDate(fieldsOf(ms))} ${formatClock(ms)}`;
}

/** Axis label: the clock for short spans, the (ISO) day and hour for long ones. */
export function formatAxisTime(ms: number, spanMs: number): string {
  const f = fieldsOf(ms);
  if (spanMs > 2 * 86_400_000) return `${pad2(f.month)}-${pad2(f.day)} ${pad2(f.hours)}:00`;
  if (spanMs > 3 * 3_600_000) return `${pad2(f.hours)}:${pad2(f.minutes)}`;
  return formatClock(ms);
}

/** "4 s", "2 min", "3 h": how long ago something happened. */
export function formatAge(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return '0 s';
  const s = Math.floor(ms / 1000);
  if (s < 120) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 120) return `${m} min`;
  return `${Math.floor(m / 60)} h`;
}

/** A time as typed into the dashboard's time fields: "YYYY-MM-DD HH:MM" in the shown zone. */
export function toTimeInput(ms: number): string {
  const f = fieldsOf(ms);
  return `${isoDate(f)} ${pad2(f.hours)}:${pad2(f.minutes)}`;
}

const TIME_INPUT = /^(\d{4})-(\d\d)-(\d\d)[ T](\d\d):(\d\d)(?::(\d\d))?$/;

/**
 * "YYYY-MM-DD HH:MM[:SS]" (a T in place of the space too) in the shown zone, as epoch ms; null
 * when it is not such a time or names no real one (2026-02-30).
 */
export function fromTimeInput(value: string): number | null {
  const m = TIME_INPUT.exec(value.trim());
  if (!m) return null;
  const [year, month, day, hours, minutes, seconds] = m.slice(1).map((x) => Number(x ?? 0)) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const ms =
    shownZone === 'utc'
      ? Date.UTC(year, month - 1, day, hours, minutes, seconds)
      : new Date(year, month - 1, day, hours, minutes, seconds).getTime();
  if (!Number.isFinite(ms)) return null;
  const back = fieldsOf(ms);
  // Date rolls 2026-02-30 over to March: such a time was never a real one.
  return back.month === month && back.day === day && back.hours === hours ? ms : null;
}

/** What the time fields take, for hints and errors. */
export const TIME_INPUT_HINT = 'YYYY-MM-DD HH:MM';
