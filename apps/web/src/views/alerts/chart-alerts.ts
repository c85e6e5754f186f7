import { MINUTE_MS } from '@sipwatch/wire';
import { useEffect, useMemo, useState } from 'react';
import type { AlertRule, AlertStateName, AlertTransition, Severity } from '@sipwatch/wire';
import { useAlertsApi } from '../../api/alerts-react';
import type { AlertsById } from '../../store/alerts';
import { alertsSignature } from '../../store/alerts';
import { useLive } from '../../store/react';
import { formatPercent } from '@sipwatch/wire/metrics';

/**
 * What the class chart draws for alerts: a threshold line for each failure-rate rule that watches
 * exactly the traffic on screen, and a mark on the time axis where a matching rule fired or
 * resolved. Pure functions, and a hook that reads the rules from the store and the transitions
 * from the history API.
 */

export interface ThresholdLine {
  key: string;
  /** A failure rate, 0..1 (the chart's right axis). */
  y: number;
  label: string;
  severity: Severity;
  firing: boolean;
}

export interface TimeMark {
  key: string;
  t: number;
  label: string;
  state: AlertStateName;
}

/** The traffic a chart shows: the dashboard's filters. */
export interface ChartScope {
  trunk?: string;
  source?: string;
  method?: string;
  code?: number;
}

const SCOPE_KEYS = ['trunk', 'source', 'method', 'code'] as const;

/** A rule watches the chart's traffic when its scope is exactly the chart's filter. */
export function ruleMatchesScope(rule: Pick<AlertRule, 'scope'>, scope: ChartScope): boolean {
  return SCOPE_KEYS.every((k) => rule.scope[k] === scope[k]);
}

function matchingRules(alerts: AlertsById, scope: ChartScope): AlertRule[] {
  if (!alerts) return [];
  return Object.values(alerts)
    .map((a) => a.rule)
    .filter((r) => r.enabled && ruleMatchesScope(r, scope));
}

export function thresholdLines(alerts: AlertsById, scope: ChartScope): ThresholdLine[] {
  if (!alerts) return [];
  return Object.values(alerts)
    .filter((a) => a.rule.metric === 'failure_rate' && a.rule.enabled && ruleMatchesScope(a.rule, scope))
    .map((a) => ({
      key: a.rule.id,
      y: a.rule.threshold,
      label: `${a.rule.name} (${formatPercent(a.rule.threshold)})`,
      severity: a.rule.severity,
      firing: a.state.state === 'firing',
    }));
}

/** Transitions into firing or resolved, of the given rules, within [from, to]. */
export function transitionMarks(
  history: readonly AlertTransition[],
  ruleIds: ReadonlySet<string>,
  from: number,
  to: number,
): TimeMark[] {
  return history
    .filter((t) => (t.to === 'firing' || t.to === 'resolved') && ruleIds.has(t.ruleId))
    .filter((t) => t.at >= from && t.at <= to)
    .map((t) => ({ key: String(t.id), t: t.at, label: `${t.ruleName}: ${t.to}`, state: t.to }));
}

/** Threshold lines and transition marks for a chart of `scope` over [from, to]. */
export function useChartAlerts(
  scope: ChartScope,
  from: number,
  to: number,
): { thresholds: ThresholdLine[]; marks: TimeMark[] } {
  const api = useAlertsApi();
  const alerts = useLive((s) => s.alerts);
  const { trunk, source, method, code } = scope;
  const thresholds = useMemo(
    () => thresholdLines(alerts, { trunk, source, method, code }),
    [alerts, trunk, source, method, code],
  );
  const ruleIds = useMemo(
    () => matchingRules(alerts, { trunk, source, method, code }).map((r) => r.id),
    [alerts, trunk, source, method, code],
  );
  const signature = useMemo(() => alertsSignature(alerts), [alerts]);
  const [history, setHistory] = useState<AlertTransition[]>([]);
  // A live range moves every second: ask again once a minute, or when some rule changes state.
  const fromMinute = Math.floor(from / MINUTE_MS);
  const idsKey = ruleIds.join('\n');

  useEffect(() => {
    if (!idsKey) return;
    const controller = new AbortController();
    api.history({ from: fromMinute * MINUTE_MS, limit: 500 }, controller.signal).then(
      (page) => !controller.signal.aborted && setHistory(page.history),
      () => undefined, // Marks are an extra: the chart stands without them.
    );
    return () => controller.abort();
  }, [api, fromMinute, idsKey, signature]);

  const marks = useMemo(
    () => (idsKey ? transitionMarks(history, new Set(idsKey.split('\n')), from, to) : []),
    [history, idsKey, from, to],
  );
  return { thresholds, marks };
}
