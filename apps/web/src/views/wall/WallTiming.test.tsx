import { afterEach, describe, expect, it, vi } from 'vitest';
import { act, screen, waitFor, within } from '@testing-library/react';
import type { TimingResponse, TimingRow } from '@sipwatch/wire';
import { kpis, point, snapshot, summary, timingResponse, timingRow } from '@sipwatch/testing';
import { fixtureApi, renderApp } from '../../test/render';
import { createLiveStore } from '../../store/live-store';
import { formatClock } from '@sipwatch/wire/metrics';

const XSS = '<img src=x onerror=alert(1)>';
const AS_OF = Date.UTC(2025, 0, 1, 9, 30, 15);

const ROWS = [
  timingRow('carrier-a', [1_800, 4_200, 40], [9_000, 21_000, 38]),
  timingRow('carrier-b', [2_400, 6_100, 12], [11_000, 30_500, 12]),
  timingRow('quiet', [null, null, 0], [700, 900, 3]),
  timingRow(XSS, [3_000, 7_300, 6], [8_000, 8_000, 6]),
  timingRow('carrier-c', [900, 2_000, 30], [4_000, 8_000, 30]),
  // Slowest of all, but one call is not a trend: not ranked.
  timingRow('one-call', [9_000, 9_900, 1], [12_000, 12_000, 1]),
];

function liveStore() {
  const s = summary({ kpis: kpis({ failureRate: 0.083, responsesPerSec: 12 }) });
  const store = createLiveStore({ now: 0 });
  store.getState().connected(0);
  store.getState().snapshot(snapshot({ series: [point(1000, { 200: 11, 503: 1 })], summary: s }), 100);
  return store;
}

/** The fixture API, its timing answer replaceable (or failing) between requests. */
function timingApi(rows: TimingRow[]) {
  const { api, calls } = fixtureApi({ timing: rows });
  const answer: { rows: TimingRow[]; fail: boolean } = { rows, fail: false };
  api.timing = (q) => {
    calls.timing.push(q);
    if (answer.fail) return Promise.reject(new Error('HTTP 502'));
    const body: TimingResponse = { ...timingResponse(answer.rows, q.trunk), window: { from: 0, to: AS_OF } };
    return Promise.resolve(body);
  };
  return { api, calls, answer };
}

function worstTrunks(): string[][] {
  return screen
    .getAllByTestId('wall-worst-trunk')
    .map((li) => Array.from(li.children).map((c) => c.textContent ?? ''));
}

afterEach(() => {
  vi.useRealTimers();
});

describe('call timing on the wall', () => {
  it('shows PDD and setup p95 of all trunks with p50 and calls, and the trunks slowest to ring', async () => {
    const { api, calls } = timingApi(ROWS);
    const { container } = renderApp('/?kiosk', { store: liveStore(), api });
    const block = await screen.findByRole('region', { name: 'Call timing' });
    expect(screen.getByTestId('wall')).toHaveClass('wall-with-timing');
    // The fixtures' total takes the first row's percentiles and sums the calls.
    expect(screen.getByTestId('wall-pdd-p95')).toHaveTextContent('4.2 s');
    expect(screen.getByTestId('wall-pdd-sub')).toHaveTextContent('p50 1.8 s 89 calls');
    expect(screen.getByTestId('wall-setup-p95')).toHaveTextContent('21 s');
    expect(screen.getByTestId('wall-setup-sub')).toHaveTextContent('p50 9 s 90 calls');
    expect(within(block).getByRole('heading', { name: /Slowest to ring/ })).toBeInTheDocument();
    expect(worstTrunks()).toEqual([
      [XSS, '7.3 s'],
      ['carrier-b', '6.1 s'],
      ['carrier-a', '4.2 s'],
    ]);
    expect(container.querySelector('img')).toBeNull();
    expect(within(block).queryByTestId('wall-timing-stale')).toBeNull();
    // The wall's live window, all trunks, as the overview's panel asks.
    expect(calls.timing.at(-1)).toEqual({ window: '15m', trunk: undefined });
  });

  it('shows nothing at all when the server has no timed call (no HEP capture)', async () => {
    const { api, calls } = timingApi([]);
    renderApp('/?kiosk', { store: liveStore(), api });
    await screen.findByTestId('wall');
    await waitFor(() => expect(calls.timing).toHaveLength(1));
    await act(async () => {});
    expect(screen.queryByTestId('wall-timing')).toBeNull();
    expect(screen.queryByText(/PDD/)).toBeNull();
    expect(screen.getByTestId('wall')).not.toHaveClass('wall-with-timing');
  });

  it('refreshes on its own every 10 s, as the overview panel does', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    const { api, calls, answer } = timingApi(ROWS);
    renderApp('/?kiosk', { store: liveStore(), api });
    await screen.findByRole('region', { name: 'Call timing' });
    answer.rows = [timingRow('carrier-a', [2_000, 9_900, 50], [9_500, 25_000, 48])];
    await act(async () => vi.advanceTimersByTime(9_999));
    expect(screen.getByTestId('wall-pdd-p95')).toHaveTextContent('4.2 s');
    await act(async () => vi.advanceTimersByTime(1));
    await waitFor(() => expect(screen.getByTestId('wall-pdd-p95')).toHaveTextContent('9.9 s'));
    expect(calls.timing).toHaveLength(2);
    expect(worstTrunks()).toEqual([['carrier-a', '9.9 s']]);
  });

  it('fades its figures and says since when when a refresh fails, and recovers on the next one', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    const { api, answer } = timingApi(ROWS);
    renderApp('/?kiosk', { store: liveStore(), api });
    const block = await screen.findByRole('region', { name: 'Call timing' });
    answer.fail = true;
    await act(async () => vi.advanceTimersByTime(10_000));
    await waitFor(() => expect(block).toHaveAttribute('data-stale', 'true'));
    expect(within(block).getByRole('status')).toHaveTextContent(
      `Timing not updated since ${formatClock(AS_OF)}`,
    );
    answer.fail = false;
    await act(async () => vi.advanceTimersByTime(10_000));
    await waitFor(() => expect(block).toHaveAttribute('data-stale', 'false'));
    expect(within(block).queryByRole('status')).toBeNull();
  });

  it('marks its figures stale as soon as the socket drops, not only at the next refresh', async () => {
    const store = liveStore();
    renderApp('/?kiosk', { store, api: timingApi(ROWS).api });
    const block = await screen.findByRole('region', { name: 'Call timing' });
    act(() => store.getState().disconnected(2_000));
    expect(block).toHaveAttribute('data-stale', 'true');
    expect(within(block).getByTestId('wall-timing-stale')).toHaveTextContent(
      `Timing not updated since ${formatClock(AS_OF)}`,
    );
    expect(screen.getByTestId('wall-pdd-p95')).toHaveTextContent('4.2 s');
  });

  it('on a trunk-filtered wall shows that trunk alone, and says which filters timing ignores', async () => {
    const { api, calls } = timingApi(ROWS);
    renderApp('/?kiosk&trunk=carrier-b&method=INVITE', { store: liveStore(), api });
    const block = await screen.findByRole('region', { name: 'Call timing' });
    expect(calls.timing.at(-1)).toEqual({ window: '15m', trunk: 'carrier-b' });
    expect(screen.getByTestId('wall-pdd-p95')).toHaveTextContent('6.1 s');
    expect(screen.queryByTestId('wall-worst')).toBeNull();
    expect(block).toHaveTextContent('Call timing: not narrowed by the method filter.');
  });
});
