import type { AlertRemovedEvent, AlertStateEvent, AlertView, AlertsSnapshot } from '@sipwatch/wire';

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

/** A rule's view as a write answered it (the socket will confirm); same as a state event. */
export function withAlertView(alerts: AlertsById, view: AlertView): AlertsById {
  return { ...(alerts ?? {}), [view.rule.id]: view };
}

const STATE_RANK = { firing: 0, pending: 1, resolved: 2, ok: 3 } as const;

/** Every rule for the rules page: firing first (critical before warning), then pending, resolved, ok; by name. */
export function sortedAlerts(alerts: AlertsById): AlertView[] {
  if (!alerts) return [];
  return Object.values(alerts).sort(
    (a, b) =>
      STATE_RANK[a.state.state] - STATE_RANK[b.state.state] ||
      (a.rule.severity === b.rule.severity ? 0 : a.rule.severity === 'critical' ? -1 : 1) ||
      a.rule.name.localeCompare(b.rule.name),
  );
}

export function hasCriticalFiring(alerts: AlertsById): boolean {
  return (
    alerts !== null &&
    Object.values(alerts).some((a) => a.state.state === 'firing' && a.rule.severity === 'critical')
  );
}

/**
 * Changes whenever some rule changes state (or appears, or goes): pages that show history reload
 * on it. Stays the same across the periodic snapshots that change nothing.
 */
export function alertsSignature(alerts: AlertsById): string {
  if (!alerts) return '';
  return Object.values(alerts)
    .map((a) => `${a.rule.id}:${a.state.state}:${a.state.since}`)
    .sort()
    .join('|');
}
