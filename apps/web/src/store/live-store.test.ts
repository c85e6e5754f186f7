import { describe, expect, it } from 'vitest';
import { kpis, point, snapshot, summary, tick } from '@sipwatch/testing';
import { createLiveStore, selectView } from './live-store';
import { makeSubscription } from '@sipwatch/wire/subscription';

function connectedStore() {
  const store = createLiveStore({ now: 0, caps: { series: 10, kpiHistory: 10 } });
  store.getState().connected(0);
  store.getState().snapshot(snapshot({ series: [point(1000, { 200: 1 })] }), 100);
  return store;
}

describe('live store', () => {
  it('goes live on the snapshot and advances with each tick', () => {
    const store = connectedStore();
    expect(store.getState().freshness.status).toBe('live');
    store.getState().tick(tick(point(2000, { 503: 3 }), { failureRate: 1 }), 1_100);
    const view = selectView(store.getState());
    expect(view.series.map((p) => p.t)).toEqual([1000, 2000]);
    expect(view.kpis?.failureRate).toBe(1);
  });

  it('turns stale after 3 missed ticks and live again on the next tick', () => {
    const store = connectedStore();
    store.getState().tick(tick(point(2000)), 1_000);
    store.getState().clock(3_400);
    expect(store.getState().freshness.status).toBe('live');
    store.getState().clock(4_600);
    expect(store.getState().freshness).toEqual({ status: 'stale', since: 1_000 });
    store.getState().tick(tick(point(6000)), 4_700);
    expect(store.getState().freshness.status).toBe('live');
  });

  it('leaves freshness untouched (same object) when the clock moves within a state', () => {
    const store = connectedStore();
    const before = store.getState().freshness;
    store.getState().clock(500);
    expect(store.getState().freshness).toBe(before);
    expect(store.getState().now).toBe(500);
  });

  it('ignores ticks and stale snapshots until the snapshot of a new subscription arrives', () => {
    const store = connectedStore();
    const trunkA = makeSubscription({ trunk: 'A' }, '5m');
    expect(store.getState().want(trunkA)).toBe(true);
    expect(store.getState().want(makeSubscription({ trunk: 'A' }, '5m'))).toBe(false);
    store.getState().tick(tick(point(2000, { 503: 50 })), 1_100);
    store.getState().snapshot(snapshot({ series: [point(1000, { 486: 1 })] }), 1_200); // old subscription
    expect(selectView(store.getState()).series.map((p) => p.byCode)).toEqual([{ 200: 1 }]);
    store.getState().snapshot(snapshot({ subscription: trunkA, series: [point(1000, { 404: 7 })] }), 1_300);
    expect(selectView(store.getState()).series.map((p) => p.byCode)).toEqual([{ 404: 7 }]);
  });

  it('on a dropped connection says so, and on reconnect replaces its state with the fresh snapshot', () => {
    const store = connectedStore();
    for (let i = 2; i <= 5; i++) store.getState().tick(tick(point(i * 1000, { 200: 1 })), i * 1000);
    store.getState().disconnected(5_500);
    expect(store.getState().freshness).toEqual({ status: 'disconnected', since: 5_500 });
    // Ticks that straggle in after the drop belong to the old connection.
    store.getState().tick(tick(point(6000, { 200: 99 })), 5_600);
    expect(selectView(store.getState()).series).toHaveLength(5);

    store.getState().connected(9_000);
    store.getState().snapshot(
      snapshot({
        series: [point(8000, { 503: 2 }), point(9000, { 503: 3 })],
        summary: summary({ kpis: kpis({ failureRate: 0.9 }) }),
      }),
      9_100,
    );
    const view = selectView(store.getState());
    expect(view.series.map((p) => p.t)).toEqual([8000, 9000]);
    expect(view.kpis?.failureRate).toBe(0.9);
    expect(store.getState().freshness.status).toBe('live');
  });

  it('pause freezes what the views see while live data keeps arriving; resume shows it', () => {
    const store = connectedStore();
    store.getState().pause();
    store.getState().tick(tick(point(2000, { 503: 1 })), 1_100);
    expect(selectView(store.getState()).series).toHaveLength(1);
    expect(store.getState().live.series).toHaveLength(2);
    store.getState().resume();
    expect(selectView(store.getState()).series).toHaveLength(2);
  });
});
