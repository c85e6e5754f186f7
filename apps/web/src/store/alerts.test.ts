import { describe, expect, it } from 'vitest';
import { alertView } from '../test/fixtures';
import { createLiveStore } from './live-store';
import { firingAlerts } from './alerts';

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
