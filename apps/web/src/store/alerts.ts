import type { AlertRemovedEvent, AlertStateEvent, AlertView, AlertsSnapshot } from '@sipwatch/server/wire';

/**
 * Alert rules and where each stands, as the server streams them. Null until the server first
 * sends them: a server without alerting shows no alert tile at all. Pure reducers.
 */
export type AlertsById = Readonly<Record<string, AlertView>> | null;

export function fromAlertsSnapshot(snapshot: AlertsSnapshot): AlertsById {
  const out: Record<string, AlertView> = {};
  for (const view of snapshot.alerts) out[view.rule.id] = view;
  return out;
}

export function withAlertState(alerts: AlertsById, event: AlertStateEvent): AlertsById {
  return { ...(alerts ?? {}), [event.view.rule.id]: event.view };
}

export function withoutAlert(alerts: AlertsById, event: AlertRemovedEvent): AlertsById {
  if (!alerts || !(event.ruleId in alerts)) return alerts;
  const next = { ...alerts };
  delete next[event.ruleId];
  return next;
}

/** Firing alerts, critical first, then the longest firing. */
export function firingAlerts(alerts: AlertsById): AlertView[] {
  if (!alerts) return [];
  return Object.values(alerts)
    .filter((a) => a.state.state === 'firing')
    .sort(
      (a, b) =>
        (a.rule.severity === b.rule.severity ? 0 : a.rule.severity === 'critical' ? -1 : 1) ||
        (a.state.firingSince ?? a.state.since) - (b.state.firingSince ?? b.state.since),
    );
}
