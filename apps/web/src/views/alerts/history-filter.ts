import type { AlertStateName } from '@sipwatch/wire';
import type { HistoryQuery } from '../../api/alerts';

/** The history page's filters, kept in the URL so a link shows the same rows. Pure. */

export interface HistoryFilter {
  rule?: string;
  state?: AlertStateName;
  from?: number;
  to?: number;
}

export const HISTORY_STATES = [
  'ok',
  'pending',
  'firing',
  'resolved',
] as const satisfies readonly AlertStateName[];

function isState(v: string): v is AlertStateName {
  return (HISTORY_STATES as readonly string[]).includes(v);
}

function time(v: string | null): number | undefined {
  if (!v) return undefined;
  const ms = /^\d+$/.test(v) ? Number(v) : Date.parse(v);
  return Number.isFinite(ms) && ms > 0 ? ms : undefined;
}

export function parseHistoryFilter(params: URLSearchParams): HistoryFilter {
  const f: HistoryFilter = {};
  const rule = params.get('rule');
  if (rule) f.rule = rule;
  const state = params.get('state');
  if (state && isState(state)) f.state = state;
  const from = time(params.get('from'));
  if (from !== undefined) f.from = from;
  const to = time(params.get('to'));
  if (to !== undefined) f.to = to;
  return f;
}

export function writeHistoryFilter(f: HistoryFilter): URLSearchParams {
  const p = new URLSearchParams();
  if (f.rule) p.set('rule', f.rule);
  if (f.state) p.set('state', f.state);
  if (f.from !== undefined) p.set('from', new Date(f.from).toISOString());
  if (f.to !== undefined) p.set('to', new Date(f.to).toISOString());
  return p;
}

export const HISTORY_PAGE = 100;

export function historyQuery(f: HistoryFilter, before?: number): HistoryQuery {
  return { ...f, limit: HISTORY_PAGE, ...(before !== undefined ? { before } : {}) };
}
