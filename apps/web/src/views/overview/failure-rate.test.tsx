import { describe, expect, it } from 'vitest';
import type { ReactNode } from 'react';
import { act, renderHook, screen } from '@testing-library/react';
import { formatPercent } from '@sipwatch/wire/metrics';
import { ApiProvider } from '../../api/react';
import { createLiveStore } from '../../store/live-store';
import { LiveProvider } from '../../store/react';
import { kpis, point, snapshot, summary } from '@sipwatch/testing';
import { fixtureApi, renderApp } from '../../test/render';
import type { OverviewModel } from './use-overview';
import { useHistoryOverview, useLiveOverview } from './use-overview';

const NOW = 1_736_164_800_000;

/**
 * One busy second of REGISTER- and cancel-heavy traffic: 25 finals, 5 × 401 and 3 × 407 challenges
 * and 4 of the 5 × 487 after CANCEL left out, so 7 failures of 13 counted finals: 53.8%, where
 * failures ÷ finals would read 28.0%.
 */
const BUSY = point(NOW - 10_000, { 200: 6, 503: 4, 486: 2, 401: 5, 407: 3, 487: 5 }, 4);
const SERIES = [point(NOW - 12_000), point(NOW - 11_000), BUSY, point(NOW - 9_000)];
/** The window's KPIs as the server reports them for that traffic (server test failure-rate.test.ts). */
const SUMMARY = summary({
  kpis: kpis({
    finals: 25,
    countedFinals: 13,
    failures: 7,
    challenges: 8,
    abandoned: 4,
    failureRate: 7 / 13,
  }),
});
const DIGITS = '53.8%';

function liveStore() {
  const store = createLiveStore({ now: NOW });
  store.getState().connected(NOW);
  store.getState().snapshot(snapshot({ serverTime: NOW, series: SERIES, summary: SUMMARY }), NOW);
  return store;
}

function api() {
  const fixture = fixtureApi({ summary: SUMMARY });
  fixture.api.series = (q) =>
    Promise.resolve({
      from: q.from,
      to: q.to,
      stepMs: 1_000,
      group: 'class',
      filter: q.filter,
      points: SERIES,
      gaps: [],
    });
  return fixture.api;
}

/** The digits the chart's line and the failure-rate sparkline draw where there is traffic. */
function drawn(model: OverviewModel | null): { chart: string[]; spark: string[] } {
  const shown = (values: (number | null)[]) => values.filter((v) => v !== null).map((v) => formatPercent(v));
  return {
    chart: shown(model!.chart.map((p) => p.failureRate)),
    spark: shown(model!.sparks.failureRate),
  };
}

function wrapper({ children }: { children: ReactNode }) {
  return (
    <LiveProvider store={liveStore()}>
      <ApiProvider api={api()}>{children}</ApiProvider>
    </LiveProvider>
  );
}

describe('the failure rate of traffic with challenges and abandoned calls', () => {
  it('reads the same in the chart line and the sparkline as the tile, live and over history', async () => {
    const view = { filter: {}, kiosk: false };
    const liveModel = renderHook(() => useLiveOverview({ ...view, range: '15m' }, true), { wrapper });
    const history = renderHook(() => useHistoryOverview({ ...view, range: '6h' }, true, NOW), { wrapper });
    await act(async () => {}); // the REST answers
    for (const model of [liveModel.result.current, history.result.current]) {
      expect(formatPercent(model!.kpis!.failureRate)).toBe(DIGITS);
      expect(drawn(model)).toEqual({ chart: [DIGITS], spark: [DIGITS] });
    }
  });

  it('reads the same on the overview tile and on the wall', async () => {
    const overview = renderApp('/', { store: liveStore(), api: api() });
    expect(await screen.findByTestId('kpi-failure-rate')).toHaveTextContent(DIGITS);
    overview.unmount();
    renderApp('/?kiosk', { store: liveStore(), api: api() });
    expect(await screen.findByTestId('wall')).toBeInTheDocument();
    expect(screen.getByTestId('kpi-failure-rate')).toHaveTextContent(DIGITS);
  });
});
