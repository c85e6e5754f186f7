import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ReactNode } from 'react';
import { act, renderHook } from '@testing-library/react';
import { ApiProvider } from '../../api/react';
import { createLiveStore } from '../../store/live-store';
import { LiveProvider } from '../../store/react';
import { dimension, point, snapshot, summary, tick } from '../../test/fixtures';
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

  describe('trunk and source tables on a fresh server', () => {
    afterEach(() => {
      vi.useRealTimers();
    });

    it('asks for the summary again after 2 s while the tables are empty, then every 10 s once they fill', async () => {
      vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
      const store = createLiveStore({ now: 0 });
      store.getState().connected(0);
      store.getState().snapshot(snapshot(), 0);
      const filled = summary({ trunks: [dimension('carrier-a', 3, 0)] });
      let answer = summary();
      const { api, calls } = fixtureApi();
      api.summary = (q) => {
        calls.summary.push(q);
        return Promise.resolve(answer);
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

      // Traffic arrives; the next look, 2 s later, shows it.
      answer = filled;
      await act(async () => {
        vi.advanceTimersByTime(2_000);
      });
      expect(calls.summary).toHaveLength(2);
      expect(result.current!.trunks.map((t) => t.name)).toEqual(['carrier-a']);

      // Filled: back to the normal 10 s refresh.
      await act(async () => {
        vi.advanceTimersByTime(9_000);
      });
      expect(calls.summary).toHaveLength(2);
      await act(async () => {
        vi.advanceTimersByTime(1_000);
      });
      expect(calls.summary).toHaveLength(3);
      unmount();
    });
  });
});
