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

/** HH:MM:SS in the browser's time zone. */
export function formatClock(ms: number): string {
  const d = new Date(ms);
  return `${pad2(d.getHours())}:${pad2(d.getMinutes())}:${pad2(d.getSeconds())}`;
}

/** YYYY-MM-DD HH:MM:SS in the browser's time zone. */
export function formatDateTime(ms: number): string {
  const d = new Date(ms);
  return `${d.getFullYear()}-${pad2(d.getMonth() + 1)}-${pad2(d.getDate())} ${formatClock(ms)}`;
}

/** Axis label: the clock for short spans, the day and hour for long ones. */
export function formatAxisTime(ms: number, spanMs: number): string {
  const d = new Date(ms);
  if (spanMs > 2 * 86_400_000)
    return `${pad2(d.getDate())}/${pad2(d.getMonth() + 1)} ${pad2(d.getHours())}:00`;
  if (spanMs > 3 * 3_600_000) return `${pad2(d.getHours())}:${pad2(d.getMinutes())}`;
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

/** The value for an <input type="datetime-local"> in the browser's time zone. */
export function toLocalInput(ms: number): string {
  const d = new Date(ms);
  return `${d.getFullYear()}-${pad2(d.getMonth() + 1)}-${pad2(d.getDate())}T${pad2(d.getHours())}:${pad2(d.getMinutes())}`;
}

export function fromLocalInput(value: string): number | null {
  if (!value) return null;
  const ms = new Date(value).getTime();
  return Number.isFinite(ms) ? ms : null;
}
