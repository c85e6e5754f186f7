import { describe, expect, it } from 'vitest';
import { act, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { kpis, point, snapshot, summary, tick } from '@sipwatch/testing';
import { fixtureApi, renderApp } from '../../test/render';
import { createLiveStore } from '../../store/live-store';
import { formatClock } from '@sipwatch/wire/metrics';

function liveStore() {
  const s = summary({ kpis: kpis({ failureRate: 0.083, responsesPerSec: 12 }) });
  const store = createLiveStore({ now: 0 });
  store.getState().connected(0);
  store.getState().snapshot(snapshot({ series: [point(1000, { 200: 11, 503: 1 })], summary: s }), 100);
  const fixture = fixtureApi({ summary: s });
  return { store, api: fixture.api, calls: fixture.calls };
}

describe('wall mode', () => {
  it('?kiosk shows the failure rate large, a clock and the live indicator, and no controls', async () => {
    const { store, api } = liveStore();
    renderApp('/?kiosk', { store, api });
    expect(await screen.findByTestId('wall')).toBeInTheDocument();
    expect(screen.getByTestId('kpi-failure-rate')).toHaveTextContent('8.3%');
    // The newest second's 12 responses, not the window's mean (the fixture's 12/s is both here).
    expect(screen.getByRole('article', { name: 'Responses/s last 1 s' })).toHaveTextContent('12.0');
    expect(screen.getByTestId('wall-clock')).toBeInTheDocument();
    expect(screen.getByTestId('freshness')).toHaveTextContent('Live');
    expect(screen.queryByTestId('controls')).toBeNull();
    expect(screen.queryByRole('navigation', { name: 'Main' })).toBeNull();
    expect(screen.queryByRole('button')).toBeNull();
    expect(document.documentElement.dataset.theme).toBe('dark');
  });

  it('says the data is stale since the last tick after 3 missed ticks, then live again', async () => {
    const { store, api } = liveStore();
    renderApp('/?kiosk', { store, api });
    await screen.findByTestId('wall');
    act(() => store.getState().tick(tick(point(2000)), 1_000));
    act(() => store.getState().clock(3_000));
    expect(screen.queryByTestId('connection-notice')).toBeNull();
    act(() => store.getState().clock(5_000));
    expect(screen.getByRole('alert')).toHaveTextContent(`Data is stale since ${formatClock(1_000)}`);
    expect(screen.getByTestId('freshness')).toHaveAttribute('data-status', 'stale');
    // The figures are greyed and the clock stops at the time they are from, saying so.
    expect(screen.getByRole('main')).toHaveAttribute('data-dimmed', 'true');
    expect(screen.getByTestId('wall-clock')).toHaveTextContent(`as of ${formatClock(1_000)}`);
    expect(screen.getByTestId('as-of')).toHaveTextContent(`they are as of ${formatClock(1_000)}`);
    act(() => store.getState().tick(tick(point(6000)), 5_100));
    expect(screen.queryByTestId('connection-notice')).toBeNull();
    expect(screen.getByRole('main')).not.toHaveAttribute('data-dimmed');
    expect(screen.getByTestId('wall-clock')).toHaveTextContent(new RegExp(`^${formatClock(5_100)} \\S+$`));
  });

  it('says disconnected — reconnecting when the socket drops, and shows the fresh snapshot after', async () => {
    const { store, api, calls } = liveStore();
    renderApp('/?kiosk', { store, api });
    await screen.findByTestId('wall');
    const timingAsked = calls.timing.length;
    act(() => store.getState().disconnected(2_000));
    expect(screen.getByRole('alert')).toHaveTextContent('Disconnected — reconnecting');
    expect(screen.getByRole('main')).toHaveAttribute('data-dimmed', 'true');
    expect(screen.getByTestId('wall-clock')).toHaveTextContent('as of');
    act(() => {
      store.getState().connected(4_000);
      store.getState().snapshot(
        snapshot({
          series: [point(4000, { 503: 4 })],
          summary: summary({ kpis: kpis({ failureRate: 1 }) }),
        }),
        4_100,
      );
    });
    expect(screen.queryByRole('alert')).toBeNull();
    expect(screen.getByTestId('kpi-failure-rate')).toHaveTextContent('100.0%');
    expect(screen.getByRole('main')).not.toHaveAttribute('data-dimmed');
    // The panels fed by the REST API (here the call timing) ask again at once, not at their next refresh.
    expect(calls.timing.length).toBe(timingAsked + 1);
  });

  it('says when the server refused the filters instead of waiting silently', async () => {
    const { store, api } = liveStore();
    renderApp('/?kiosk', { store, api });
    await screen.findByTestId('wall');
    act(() => store.getState().subscriptionRefused('filter.trunk: too long'));
    expect(screen.getByRole('alert')).toHaveTextContent(
      "The server refused this view's filters (filter.trunk: too long)",
    );
  });

  it('the wall button enters wall mode and Escape leaves it', async () => {
    const { store, api } = liveStore();
    renderApp('/?trunk=a', { store, api });
    await userEvent.click(await screen.findByRole('button', { name: /Wall mode/ }));
    expect(await screen.findByTestId('wall')).toBeInTheDocument();
    expect(screen.getByTestId('location')).toHaveTextContent('/?trunk=a&kiosk');
    await userEvent.keyboard('{Escape}');
    expect(await screen.findByTestId('controls')).toBeInTheDocument();
    expect(screen.getByTestId('location')).toHaveTextContent(/^\/\?trunk=a$/);
  });
});
