import { describe, expect, it } from 'vitest';
import { alertView } from '@sipwatch/testing';
import { createLiveStore } from './live-store';
import { alertsSignature, firingAlerts, hasCriticalFiring, sortedAlerts, withAlertView } from './alerts';

describe('alerts in the store', () => {
  it('takes the snapshot, applies state changes and removals', () => {
    const store = createLiveStore();
    expect(store.getState().alerts).toBeNull();
    store
      .getState()
      .alertsSnapshot({ serverTime: 0, alerts: [alertView('a', 'ok'), alertView('b', 'firing')] });
    expect(firingAlerts(store.getState().alerts).map((a) => a.rule.id)).toEqual(['b']);
    store.getState().alertState({ serverTime: 1, view: alertView('a', 'firing', 'critical', 5) });
    expect(firingAlerts(store.getState().alerts).map((a) => a.rule.id)).toEqual(['a', 'b']);
    store.getState().alertRemoved({ serverTime: 2, ruleId: 'a' });
    expect(Object.keys(store.getState().alerts ?? {})).toEqual(['b']);
  });
});

describe('alert selectors', () => {
  const ok = alertView('ok', 'ok');
  const warn = alertView('warn', 'firing', 'warning', 10);
  const crit = alertView('crit', 'firing', 'critical', 20);
  const pending = {
    ...ok,
    rule: { ...ok.rule, id: 'p', name: 'a pending one' },
    state: { ...ok.state, ruleId: 'p', state: 'pending' as const },
  };

  it('lists firing first (critical before warning), then pending, then the rest by name', () => {
    const alerts = { ok, warn, crit, p: pending };
    expect(sortedAlerts(alerts).map((a) => a.rule.id)).toEqual(['crit', 'warn', 'p', 'ok']);
    expect(sortedAlerts(null)).toEqual([]);
  });

  it('tells a critical firing alert apart from a warning one', () => {
    expect(hasCriticalFiring({ ok, warn })).toBe(false);
    expect(hasCriticalFiring({ ok, crit })).toBe(true);
    expect(hasCriticalFiring(null)).toBe(false);
  });

  it('changes the signature on a state change, not on a repeated snapshot', () => {
    const before = alertsSignature({ ok, warn });
    expect(alertsSignature({ warn: { ...warn }, ok: { ...ok } })).toBe(before);
    expect(alertsSignature({ ok, warn: alertView('warn', 'ok', 'warning', 30) })).not.toBe(before);
    expect(alertsSignature({ ok })).not.toBe(before);
  });

  it('applies a rule view a write answered with, adding or replacing it', () => {
    const next = withAlertView({ ok }, crit);
    expect(Object.keys(next ?? {})).toEqual(['ok', 'crit']);
    expect(withAlertView(null, ok)).toEqual({ ok });
  });
});
