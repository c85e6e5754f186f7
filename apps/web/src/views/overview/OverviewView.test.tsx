import { describe, expect, it } from 'vitest';
import { act, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { getCode } from '@sipwatch/codes';
import {
  alertView,
  baseline,
  dimension,
  kpis,
  point,
  snapshot,
  storedEvent,
  summary,
  tick,
  topFailure,
} from '@sipwatch/testing';
import { fixtureApi, recordingFeed, renderApp } from '../../test/render';
import { createLiveStore } from '../../store/live-store';
import { makeSubscription } from '@sipwatch/wire/subscription';

const XSS = '<img src=x onerror=alert(1)>';

/** The window's summary, as both the snapshot and the REST API give it. */
const SUMMARY = summary({
  kpis: kpis({ responsesPerSec: 40, failureRate: 0.25, asr: 0.6, ner: 0.9, finals: 40 }),
  byCode: { 200: 30, 503: 10 },
  topFailures: [topFailure(503, 10, XSS, 0.25)],
  trunks: [dimension('carrier-a', 30, 10), dimension('carrier-b', 10, 0)],
  baseline: {
    hourAgo: baseline({ kpis: kpis({ responses: 100, failureRate: 0.05 }), byCode: { 503: 1 } }),
    dayAgo: baseline(),
  },
});

function liveStore(sub = makeSubscription({}, '15m')) {
  const store = createLiveStore({ now: 0, subscription: sub });
  store.getState().connected(0);
  store
    .getState()
    .snapshot(
      snapshot({ subscription: sub, series: [point(1000, { 200: 30, 503: 10 })], summary: SUMMARY }),
      10,
    );
  return store;
}

function renderLive(path: string, store = liveStore(), extra: Parameters<typeof fixtureApi>[0] = {}) {
  const fixture = fixtureApi({ summary: SUMMARY, ...extra });
  return { ...renderApp(path, { store, api: fixture.api }), calls: fixture.calls };
}

describe('overview', () => {
  it('shows the KPI tiles with large numbers, their change against the baseline and the biggest spike', async () => {
    renderLive('/');
    expect(await screen.findByTestId('kpi-failure-rate')).toHaveTextContent('25.0%');
    expect(screen.getByTestId('kpi-responses')).toHaveTextContent('40.0/s');
    expect(screen.getByTestId('kpi-asr')).toHaveTextContent('60.0%');
    expect(screen.getByTestId('kpi-ner')).toHaveTextContent('90.0%');
    expect(screen.getByTestId('tile-failure-rate')).toHaveTextContent(
      '▲ worse: +20.0 pp vs usual (an hour ago)',
    );
    expect(screen.getByTestId('spike')).toHaveTextContent('503s 10× usual');
  });

  it('shows the current responses/s, not the window total spread over 15 minutes, with the total beside it', async () => {
    // A server up for 20 s with 40 responses/s: the window's KPI rate is 800 / 900 s.
    const sub = makeSubscription({}, '15m');
    const store = createLiveStore({ now: 0, subscription: sub });
    store.getState().connected(0);
    const T = 1_700_000_000_000;
    const series = Array.from({ length: 900 }, (_, i) => point(T + i * 1000, i < 880 ? {} : { 200: 40 }));
    const fresh = summary({ kpis: kpis({ responsesPerSec: 800 / 900, responses: 800, finals: 800 }) });
    store.getState().snapshot(snapshot({ subscription: sub, series, summary: fresh }), 10);
    renderApp('/', { store, api: fixtureApi({ summary: fresh }).api });

    expect(await screen.findByTestId('kpi-responses')).toHaveTextContent('40.0/s');
    const tile = screen.getByRole('article', { name: 'Responses/s · last 20 s' });
    expect(within(tile).getByTestId('detail-responses')).toHaveTextContent('800 in the last 15 min');

    // A minute on, the mean covers the last 60 seconds; at 10/s for the last 30 it reads 25/s.
    act(() => {
      for (let i = 900; i < 960; i++)
        store.getState().tick(tick(point(T + i * 1000, { 200: i < 930 ? 40 : 10 })), 20 + i);
    });
    expect(screen.getByTestId('kpi-responses')).toHaveTextContent('25.0/s');
    expect(screen.getByRole('article', { name: 'Responses/s · last 60 s' })).toBeInTheDocument();
  });

  it('shows the range mean of responses/s on a history range', async () => {
    renderApp('/?range=24h', {
      api: fixtureApi({ summary: summary({ kpis: kpis({ responsesPerSec: 2.5, responses: 216_000 }) }) }).api,
    });
    await waitFor(() => expect(screen.getByTestId('kpi-responses')).toHaveTextContent('2.5/s'));
    const tile = screen.getByRole('article', { name: 'Responses/s · range mean' });
    expect(tile).toHaveTextContent('216.0k in the last 24 hours');
  });

  it('moves the tiles and the class legend with each tick', async () => {
    const store = liveStore();
    renderLive('/', store);
    await screen.findByTestId('kpi-failure-rate');
    act(() => {
      store.getState().tick(
        {
          ...tick(point(2000, { 200: 1, 486: 3 }), { failureRate: 0.75, responsesPerSec: 4, finals: 4 }),
          byClass: { '1xx': 0, '2xx': 1, '3xx': 0, '4xx': 3, '5xx': 0, '6xx': 0 },
        },
        1_000,
      );
    });
    expect(screen.getByTestId('kpi-failure-rate')).toHaveTextContent('75.0%');
    expect(screen.getByTestId('class-count-4xx')).toHaveTextContent('3');
    // A code that was not in the server's list appears at once.
    expect(
      within(screen.getByRole('table', { name: 'Top failure codes' })).getByText('486'),
    ).toBeInTheDocument();
  });

  it('renders a hostile reason phrase as text, never as HTML', async () => {
    const { container } = renderLive('/');
    const table = await screen.findByRole('table', { name: 'Top failure codes' });
    expect(within(table).getByText(XSS)).toBeInTheDocument();
    expect(container.querySelector('img')).toBeNull();
  });

  it('renders hostile trunk and source names as text in the tables, the filter list and the chip', async () => {
    const hostile = summary({
      ...SUMMARY,
      trunks: [dimension(XSS, 30, 10)],
      sources: [dimension(`<b onmouseover=alert(2)>sbc</b>`, 30, 10)],
    });
    const { container } = renderApp(`/?trunk=${encodeURIComponent(XSS)}`, {
      api: fixtureApi({ summary: hostile }).api,
    });
    expect(await screen.findByRole('button', { name: `${XSS}: clear this filter` })).toHaveTextContent(XSS);
    expect(screen.getByRole('table', { name: 'Sources' })).toHaveTextContent(
      '<b onmouseover=alert(2)>sbc</b>',
    );
    expect(screen.getByTestId('active-filter-trunk')).toHaveTextContent(`trunk: ${XSS}`);
    expect(screen.getByRole('combobox', { name: 'Trunk' })).toHaveValue(XSS);
    expect(container.querySelector('img, b')).toBeNull();
  });

  it('opens the drill-down of a top failure code with its meaning and sample events', async () => {
    const { container, calls } = renderLive(
      '/?trunk=carrier-a',
      liveStore(makeSubscription({ trunk: 'carrier-a' }, '15m')),
      {
        code: {
          samples: [
            storedEvent({
              code: 503,
              trunk: 'carrier-a',
              callId: 'abc@host',
              raw: `SIP/2.0 503 ${XSS}`,
              reason: XSS,
            }),
          ],
        },
      },
    );
    const table = await screen.findByRole('table', { name: 'Top failure codes' });
    await userEvent.click(within(table).getByRole('link', { name: /503/ }));

    expect(await screen.findByTestId('code-title')).toHaveTextContent('503 Service Unavailable');
    expect(screen.getByTestId('location')).toHaveTextContent('/codes/503?trunk=carrier-a');
    expect(screen.getByTestId('code-meaning')).toHaveTextContent(getCode(503)!.meaning);
    expect(screen.getByRole('link', { name: 'RFC 3261' })).toHaveAttribute(
      'href',
      'https://www.rfc-editor.org/rfc/rfc3261',
    );
    const sample = await screen.findByTestId('sample-event');
    expect(sample).toHaveTextContent('abc@host');
    expect(sample.querySelector('pre code')).toHaveTextContent(`SIP/2.0 503 ${XSS}`);
    expect(container.querySelector('img')).toBeNull();
    // The drill-down asked for this code, within the filters the overview had.
    expect(calls.code.at(-1)).toMatchObject({ code: 503, filter: { trunk: 'carrier-a' } });
  });

  it('a click on a trunk filters the whole dashboard (URL and live subscription)', async () => {
    const store = liveStore();
    const { feed, subscriptions } = recordingFeed(store);
    renderApp('/', { store, feed, api: fixtureApi({ summary: SUMMARY }).api });
    await userEvent.click(await screen.findByRole('button', { name: 'Filter the dashboard by carrier-a' }));
    expect(screen.getByTestId('location')).toHaveTextContent('/?trunk=carrier-a');
    expect(subscriptions.at(-1)).toEqual({ filter: { trunk: 'carrier-a' }, window: '15m' });
    expect(screen.getByTestId('active-filter-trunk')).toHaveTextContent('trunk: carrier-a');
  });

  it('a pasted link restores the range and filters', async () => {
    const store = createLiveStore({ now: 0 });
    const { feed, subscriptions } = recordingFeed(store);
    const { api, calls } = fixtureApi();
    renderApp('/?range=5m&trunk=carrier-b&method=INVITE', { store, feed, api });
    expect(await screen.findByRole('button', { name: '5 min' })).toHaveAttribute('aria-pressed', 'true');
    expect(screen.getByLabelText('Trunk')).toHaveValue('carrier-b');
    expect(screen.getByLabelText('Method')).toHaveValue('INVITE');
    // The subscription goes out from an effect after the first render: wait for it.
    await waitFor(() =>
      expect(subscriptions.at(-1)).toEqual({
        filter: { trunk: 'carrier-b', method: 'INVITE' },
        window: '5m',
      }),
    );
    // The tables of a live window come from REST for the same window and filters (asked once
    // the page has rendered: wait for it rather than assume it went out with the first render).
    await waitFor(() =>
      expect(calls.summary.at(-1)).toEqual({
        window: '5m',
        filter: { trunk: 'carrier-b', method: 'INVITE' },
      }),
    );
  });

  it('history ranges come from REST with the range bounds and filters', async () => {
    const { api, calls } = fixtureApi({ summary: summary({ kpis: kpis({ failureRate: 0.125 }) }) });
    renderApp('/?range=24h&source=sbc-1', { api });
    // History comes from REST: the tile fills in when the answer arrives.
    await waitFor(() => expect(screen.getByTestId('kpi-failure-rate')).toHaveTextContent('12.5%'));
    const q = calls.summary.at(-1)!;
    expect('from' in q && q.to - q.from).toBe(24 * 3_600_000);
    expect(q.filter).toEqual({ source: 'sbc-1' });
    expect(calls.series.at(-1)?.filter).toEqual({ source: 'sbc-1' });
  });

  it('the time range buttons and pause are keyboard-reachable controls with names', async () => {
    const store = liveStore();
    renderLive('/', store);
    const pause = await screen.findByRole('button', { name: /Pause/ });
    pause.focus();
    await userEvent.keyboard('{Enter}');
    expect(store.getState().frozen).not.toBeNull();
    expect(screen.getByRole('button', { name: /Resume live/ })).toHaveAttribute('aria-pressed', 'true');
    await userEvent.click(screen.getByRole('button', { name: '1 hour' }));
    expect(screen.getByTestId('location')).toHaveTextContent('/?range=1h');
  });

  it('shows firing alerts in the banner (names as text) and counts them in a tile once rules exist', async () => {
    const store = liveStore();
    renderLive('/', store);
    await screen.findByTestId('kpi-failure-rate');
    expect(screen.queryByTestId('tile-alerts')).toBeNull();
    const critical = alertView('x', 'firing', 'critical', 0);
    const hostile = { ...critical, rule: { ...critical.rule, name: XSS } };
    act(() => store.getState().alertsSnapshot({ serverTime: 0, alerts: [hostile, alertView('y', 'ok')] }));
    expect(screen.getByTestId('kpi-alerts')).toHaveTextContent('1');
    const banner = screen.getByRole('region', { name: 'Firing alerts' });
    expect(banner).toHaveTextContent(`CRITICAL ${XSS}: 20.0% (threshold 10.0%) · firing since`);
    expect(banner.querySelector('img')).toBeNull();
  });
});
