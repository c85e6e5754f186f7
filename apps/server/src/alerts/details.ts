import { getCode } from '@sipwatch/codes';
import type { AlertRule, Explanation } from '@sipwatch/wire';
import { ruleCode, ruleViewPath } from '@sipwatch/wire';
import { windowMs } from './metric.js';
import type { AlertNotification } from './payload.js';

/**
 * What an engineer needs first, shared by every channel: the slice the rule watches, the first
 * checks the code registry gives for its SIP code, and a link to the dashboard view of the window.
 * Pure.
 */

/** How many of the registry's checks a notification carries. */
export const CHECKS_SHOWN = 3;

export interface NotificationDetails {
  /** trunk, source and code of the rule's scope (and the code it counts), when narrowed. */
  slice: { trunk?: string; source?: string; method?: string; code?: number };
  checks: string[];
  /** The dashboard view of the window ending at the notification, or null without `ui.publicUrl`. */
  dashboardUrl: string | null;
  /**
   * Which slices hold the extra failures of the rule's window when it fired (GET /api/v1/explain
   * for alertExplainQuery); null for a resolve, a test, or a rule not about failures.
   */
  explanation: Explanation | null;
}

function isoSeconds(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/**
 * The dashboard page of the rule's code (or class, or the overview) over the rule's window ending at
 * `at`, with its filters, in the params the dashboard reads back (apps/web/src/lib/view-state.ts).
 */
export function dashboardUrl(publicUrl: string, rule: AlertRule, at: number): string {
  const url = new URL(publicUrl);
  if (!url.pathname.endsWith('/')) url.pathname += '/';
  url.pathname += ruleViewPath(rule).slice(1);
  url.searchParams.set('range', 'custom');
  url.searchParams.set('from', isoSeconds(at - windowMs(rule)));
  url.searchParams.set('to', isoSeconds(at));
  for (const key of ['trunk', 'source', 'method'] as const) {
    const value = rule.scope[key];
    if (value !== undefined) url.searchParams.set(key, value);
  }
  return url.toString();
}

export function notificationDetails(
  n: AlertNotification,
  publicUrl: string | undefined,
): NotificationDetails {
  const { rule } = n;
  const code = ruleCode(rule);
  const slice: NotificationDetails['slice'] = {
    ...(rule.scope.trunk !== undefined && { trunk: rule.scope.trunk }),
    ...(rule.scope.source !== undefined && { source: rule.scope.source }),
    ...(rule.scope.method !== undefined && { method: rule.scope.method }),
    ...(code !== undefined && { code }),
  };
  const checks = code === undefined ? [] : (getCode(code)?.checks.slice(0, CHECKS_SHOWN) ?? []);
  return {
    slice,
    checks,
    dashboardUrl: publicUrl ? dashboardUrl(publicUrl, rule, n.at) : null,
    explanation: n.explanation ?? null,
  };
}
