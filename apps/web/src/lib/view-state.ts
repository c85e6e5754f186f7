import { parseTime } from '@sipwatch/wire/metrics';

/**
 * What the dashboard shows, kept in the URL's search params so a pasted link restores the same
 * view: the time range, the filters (trunk, source, method) and wall mode. Pure.
 */

export const LIVE_RANGES = ['5m', '15m', '1h'] as const;
export const HISTORY_RANGES = ['6h', '24h', '7d'] as const;
export type LiveRange = (typeof LIVE_RANGES)[number];
export type HistoryRange = (typeof HISTORY_RANGES)[number];
export type RangeKey = LiveRange | HistoryRange | 'custom';

export const DEFAULT_RANGE: LiveRange = '15m';

export const RANGE_LABELS: Record<RangeKey, string> = {
  '5m': '5 min',
  '15m': '15 min',
  '1h': '1 hour',
  '6h': '6 hours',
  '24h': '24 hours',
  '7d': '7 days',
  custom: 'Custom',
};

const RANGE_MS: Record<LiveRange | HistoryRange, number> = {
  '5m': 5 * 60_000,
  '15m': 15 * 60_000,
  '1h': 3_600_000,
  '6h': 6 * 3_600_000,
  '24h': 24 * 3_600_000,
  '7d': 7 * 24 * 3_600_000,
};

export const FILTER_KEYS = ['trunk', 'source', 'method'] as const;
export type FilterKey = (typeof FILTER_KEYS)[number];
export type ViewFilter = Partial<Record<FilterKey, string>>;

export interface ViewState {
  range: RangeKey;
  /** Custom range bounds, ms; set only when range is `custom`. */
  from?: number;
  to?: number;
  filter: ViewFilter;
  kiosk: boolean;
  /** Why the link's own range was not used (the live window is shown instead). Not written back. */
  rangeProblem?: string;
}

export function isLiveRange(range: RangeKey): range is LiveRange {
  return (LIVE_RANGES as readonly string[]).includes(range);
}

function isRangeKey(value: string): value is RangeKey {
  return value === 'custom' || value in RANGE_MS;
}

/** The contract's one time grammar: epoch ms or ISO 8601, UTC when no zone is written. */
function timeParam(value: string | null): number | undefined {
  if (value === null || value.trim() === '') return undefined;
  return parseTime(value);
}

function isoSeconds(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

export function parseViewState(params: URLSearchParams): ViewState {
  const filter: ViewFilter = {};
  for (const key of FILTER_KEYS) {
    const value = params.get(key)?.trim();
    if (value) filter[key] = value;
  }
  const kioskParam = params.get('kiosk');
  const kiosk = kioskParam !== null && !['0', 'false', 'off'].includes(kioskParam.toLowerCase());

  const rangeParam = params.get('range') ?? '';
  const from = timeParam(params.get('from'));
  const to = timeParam(params.get('to'));
  // A link with from/to and no range is a custom range; a custom range needs both ends in order.
  if ((rangeParam === 'custom' || rangeParam === '') && from !== undefined && to !== undefined && from < to) {
    return { range: 'custom', from, to, filter, kiosk };
  }
  const range = isRangeKey(rangeParam) && rangeParam !== 'custom' ? rangeParam : DEFAULT_RANGE;
  const problem = rangeProblem(params, rangeParam, from, to);
  return problem ? { range, filter, kiosk, rangeProblem: problem } : { range, filter, kiosk };
}

/** Why a link's custom range cannot be shown, in words; undefined when it asked for none or is fine. */
function rangeProblem(
  params: URLSearchParams,
  rangeParam: string,
  from: number | undefined,
  to: number | undefined,
): string | undefined {
  const asked = ['from', 'to'].filter((k) => (params.get(k) ?? '').trim() !== '');
  if (asked.length === 0 && rangeParam !== 'custom') return undefined;
  if (rangeParam !== '' && rangeParam !== 'custom') return undefined;
  const bad = ['from', 'to'].filter((k, i) => asked.includes(k) && (i === 0 ? from : to) === undefined);
  if (bad.length) return `${bad.join(' and ')} in the link ${bad.length > 1 ? 'are' : 'is'} not a time`;
  if (from === undefined || to === undefined) return 'the link gives only one end of its range';
  return "the link's range ends before it starts (from is after to)";
}

/** Canonical params: the same view always gives the same URL. Keeps params other views own. */
export function writeViewState(state: ViewState, base?: URLSearchParams): URLSearchParams {
  const out = new URLSearchParams(base);
  for (const key of ['range', 'from', 'to', 'kiosk', ...FILTER_KEYS]) out.delete(key);
  if (state.range === 'custom' && state.from !== undefined && state.to !== undefined) {
    out.set('range', 'custom');
    out.set('from', isoSeconds(state.from));
    out.set('to', isoSeconds(state.to));
  } else if (state.range !== DEFAULT_RANGE && state.range !== 'custom') {
    out.set('range', state.range);
  }
  for (const key of FILTER_KEYS) {
    const value = state.filter[key];
    if (value) out.set(key, value);
  }
  if (state.kiosk) out.set('kiosk', '');
  return out;
}

/** The query string for a view, "" or "?...". `kiosk=` is written as the bare `kiosk`. */
export function toSearch(params: URLSearchParams): string {
  const s = params.toString().replace(/(^|&)kiosk=(?=&|$)/, '$1kiosk');
  return s ? `?${s}` : '';
}

/** Bucket widths the server can answer with; history ranges stay near 360 points. */
const STEPS_MS = [1_000, 5_000, 10_000, 30_000, 60_000, 300_000, 900_000, 1_800_000, 3_600_000, 86_400_000];

export function pickStep(spanMs: number, targetPoints = 360): number {
  const ideal = spanMs / targetPoints;
  return STEPS_MS.find((s) => s >= ideal) ?? STEPS_MS[STEPS_MS.length - 1]!;
}

export interface ResolvedRange {
  live: boolean;
  from: number;
  to: number;
  spanMs: number;
  stepMs: number;
}

/** Live ranges end now; history ranges end now too but are fetched once; custom is fixed. */
export function resolveRange(state: Pick<ViewState, 'range' | 'from' | 'to'>, now: number): ResolvedRange {
  if (state.range === 'custom' && state.from !== undefined && state.to !== undefined) {
    const span = state.to - state.from;
    // Buckets finer than a minute exist only for the last hour (the live window).
    const step = Math.max(pickStep(span), state.from < now - 3_600_000 ? 60_000 : 1_000);
    return { live: false, from: state.from, to: state.to, spanMs: span, stepMs: step };
  }
  const key = state.range === 'custom' ? DEFAULT_RANGE : state.range;
  const span = RANGE_MS[key];
  const live = isLiveRange(key);
  const step = live ? (span <= 5 * 60_000 ? 1_000 : span <= 15 * 60_000 ? 5_000 : 10_000) : pickStep(span);
  return { live, from: now - span, to: now, spanMs: span, stepMs: step };
}

/** Changes one filter; an empty value clears it. */
export function withFilter(state: ViewState, key: FilterKey, value: string | undefined): ViewState {
  const filter = { ...state.filter };
  if (value) filter[key] = value;
  else delete filter[key];
  return { ...state, filter };
}
