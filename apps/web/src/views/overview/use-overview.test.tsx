import { describe, expect, it } from 'vitest';
import type { ReactNode } from 'react';
import { act, renderHook } from '@testing-library/react';
import { ApiProvider } from '../../api/react';
import { createLiveStore } from '../../store/live-store';
import { LiveProvider } from '../../store/react';
import { point, snapshot, tick } from '../../test/fixtures';
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
});
