import { describe, expect, it } from 'vitest';
import type { ReactNode } from 'react';
import { act, renderHook } from '@testing-library/react';
import { ApiProvider } from '../../api/react';
import { createLiveStore } from '../../store/live-store';
import { LiveProvider } from '../../store/react';
import { dimension, point, snapshot, summary, tick } from '@sipwatch/testing';
import { fixtureApi } from '../../test/render';
import { useLiveOverview } from './use-overview';

describe('the live overview model', () => {
  it('changes once per tick and not when only the clock moves, so charts redraw at most once per tick', async () => {
    const store = createLiveStore({ now: 0 });
    store.getState().connected(0);
    store.getState().snapshot(snapshot({ series: [point(1000, { 200: 1 })] }), 0);
    const { api } = fixtureApi();
    const wrapper = ({ children }: { children: ReactNode }) => (
      <LiveProvider store={store}>
        <ApiProvider api={api}>{children}</ApiProvider>
      </LiveProvider>
    );
    const view = { range: '15m' as const, filter: {}, kiosk: false };
    const { result } = renderHook(() => useLiveOverview(view, true), { wrapper });
    await act(async () => {}); // the REST summary answer
    const models = new Set([result.current]);
    const before = result.current;

    for (let i = 1; i <= 10; i++) act(() => store.getState().clock(i * 100));
    expect(result.current).toBe(before);

    act(() => store.getState().tick(tick(point(2000, { 503: 1 })), 1_100));
    models.add(result.current);
    for (let i = 12; i <= 20; i++) act(() => store.getState().clock(i * 100));
    models.add(result.current);
    expect(models.size).toBe(2);
    expect(result.current!.chart.at(-1)!['5xx']).toBeGreaterThan(0);
  });

  describe('trunk and source tables', () => {
    it('follow the ticks: asked again once a tick is 2 s past the last ask, never while one is on its way', async () => {
      const store = createLiveStore({ now: 0 });
      store.getState().connected(0);
      store.getState().snapshot(snapshot({ serverTime: 10_000 }), 0);
      const filled = summary({ trunks: [dimension('carrier-b', 30, 25), dimension('carrier-a', 90, 2)] });
      let answer = summary();
      let release: (() => void) | null = null;
      const { api, calls } = fixtureApi();
      api.summary = (q) => {
        calls.summary.push(q);
        const body = answer;
        return release === null
          ? Promise.resolve(body)
          : new Promise((resolve) => {
              const go = release!;
              release = () => {
                go();
                resolve(body);
              };
            });
      };
      const wrapper = ({ children }: { children: ReactNode }) => (
        <LiveProvider store={store}>
          <ApiProvider api={api}>{children}</ApiProvider>
        </LiveProvider>
      );
      const view = { range: '15m' as const, filter: {}, kiosk: false };
      const { result, unmount } = renderHook(() => useLiveOverview(view, true), { wrapper });
      await act(async () => {});
      expect(calls.summary).toHaveLength(1);
      expect(result.current!.trunks).toEqual([]);

      // The storm's first tick: under 2 s since the last ask, the tables wait for the next tick.
      answer = filled;
      await act(async () => store.getState().tick(tick(point(10_000, { 503: 25 })), 11_000));
      expect(calls.summary).toHaveLength(1);
      await act(async () => store.getState().tick(tick(point(11_000, { 503: 25 })), 12_000));
      expect(calls.summary).toHaveLength(2);
      expect(result.current!.trunks.map((t) => t.name)).toEqual(['carrier-b', 'carrier-a']);

      // A slow server: no second request while one is on its way, however many ticks pass.
      release = () => {};
      await act(async () => store.getState().tick(tick(point(13_000, {})), 14_000));
      expect(calls.summary).toHaveLength(3);
      for (let t = 15_000; t <= 20_000; t += 1_000)
        await act(async () => store.getState().tick(tick(point(t - 1_000, {})), t));
      expect(calls.summary).toHaveLength(3);
      await act(async () => release!());
      release = null;
      await act(async () => store.getState().tick(tick(point(20_000, {})), 21_000));
      expect(calls.summary).toHaveLength(4);
      unmount();
    });
  });
});
