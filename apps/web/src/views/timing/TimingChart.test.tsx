import { describe, expect, it } from 'vitest';
import { render, screen, within } from '@testing-library/react';
import type { ApiClient } from '../../api/client';
import { formatClock, formatDateTime } from '@sipwatch/wire/metrics';
import { T0, timingPoint, timingRow } from '@sipwatch/testing';
import { fixtureApi, renderApp } from '../../test/render';
import { TimingTooltip } from './TimingTooltip';
import { timingChartRows } from './timing-series';

const STEP = 15_000;

const ROWS = [
  timingRow('carrier-a', [1_800, 4_200, 40], [9_000, 21_000, 38]),
  timingRow('carrier-b', [2_400, 6_100, 12], [11_000, 30_500, 12]),
];

const QUIET = timingPoint(0, [null, null, 0], [null, null, 0]);
const at = (i: number) => T0 + i * STEP;

/** The total over all trunks: slow to ring from the third step on. */
const ALL = [
  timingPoint(at(0), [1_500, 2_000, 30], [8_000, 12_000, 30]),
  { ...QUIET, at: at(1) },
  timingPoint(at(2), [3_000, 7_800, 22], [9_500, 24_000, 20]),
];
/** carrier-b alone: one call that rang, in the last step. */
const CARRIER_B = [
  { ...QUIET, at: at(0) },
  { ...QUIET, at: at(1) },
  timingPoint(at(2), [2_400, 2_400, 1], [11_000, 11_000, 1]),
];

/** The fixture API, with the series the server would send for the asked trunk. */
function apiWithSeries(rows: typeof ROWS, series: (trunk: string | undefined) => typeof ALL) {
  const { api, calls } = fixtureApi({ timing: rows });
  const withSeries: ApiClient = {
    ...api,
    timing: (q, signal) => api.timing(q, signal).then((r) => ({ ...r, series: series(q.trunk) })),
  };
  return { api: withSeries, calls };
}

describe('call setup timing over the window', () => {
  it('charts PDD and setup time step by step, named for what it shows, from the panel’s one request', async () => {
    const { api, calls } = apiWithSeries(ROWS, (trunk) => (trunk === 'carrier-b' ? CARRIER_B : ALL));
    renderApp('/', { api });
    const chart = await screen.findByRole('figure', { name: /^Post-dial delay and setup time/ });
    expect(chart).toHaveAccessibleName(
      'Post-dial delay and setup time per 15 s step, p95 and p50, last 15 min, all trunks: ' +
        `PDD p95 highest 7.8 s at ${formatClock(at(2))}, setup p95 highest 24 s at ${formatClock(at(2))}`,
    );
    expect(chart).toHaveAttribute('data-steps', '3');
    const legend = screen.getByRole('list', { name: 'Legend: call setup timing' });
    expect(
      within(legend)
        .getAllByRole('listitem')
        .map((li) => li.textContent),
    ).toEqual([
      'PDD p95 (thick, solid)',
      'Setup p95 (thick, dashed)',
      'PDD p50 (thin, solid)',
      'Setup p50 (thin, dashed)',
      'Per 15 s step; a gap is a step without timed calls.',
    ]);
    // The table stays, under the chart.
    const table = screen.getByRole('table', { name: 'Call setup timing' });
    expect(chart.compareDocumentPosition(table) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy();
    expect(calls.timing).toHaveLength(1);
  });

  it('shows the filtered trunk’s series when the view is narrowed to a trunk', async () => {
    const { api, calls } = apiWithSeries(ROWS, (trunk) => (trunk === 'carrier-b' ? CARRIER_B : ALL));
    renderApp('/?trunk=carrier-b', { api });
    const chart = await screen.findByRole('figure', { name: /^Post-dial delay and setup time/ });
    expect(calls.timing.at(-1)).toMatchObject({ trunk: 'carrier-b' });
    expect(chart).toHaveAccessibleName(
      'Post-dial delay and setup time per 15 s step, p95 and p50, last 15 min, trunk carrier-b: ' +
        `PDD p95 highest 2.4 s at ${formatClock(at(2))}, setup p95 highest 11 s at ${formatClock(at(2))}`,
    );
  });

  it('adds no chart when no call was timed: the panel explains HEP capture as before', async () => {
    const { api } = apiWithSeries([], () => [QUIET, { ...QUIET, at: STEP }]);
    renderApp('/', { api });
    await screen.findByTestId('timing-empty');
    expect(screen.queryByTestId('timing-chart')).toBeNull();
    expect(screen.queryByRole('list', { name: 'Legend: call setup timing' })).toBeNull();
  });

  it('adds no chart when the window’s steps hold no timed call', async () => {
    const { api } = apiWithSeries(ROWS, () => [QUIET]);
    renderApp('/', { api });
    await screen.findByRole('table', { name: 'Call setup timing' });
    expect(screen.queryByTestId('timing-chart')).toBeNull();
  });
});

describe('the timing chart’s tooltip', () => {
  it('gives the step’s time, each delay’s p95 and p50 and the calls behind them', () => {
    const [busy, quiet] = timingChartRows(ALL);
    const { container, rerender } = render(<TimingTooltip active payload={[{ payload: busy }]} />);
    expect(Array.from(container.querySelectorAll('p'), (p) => p.textContent)).toEqual([
      formatDateTime(at(0)),
      'PDD p95 2 s, p50 1.5 s (30 calls rang)',
      'Setup p95 12 s, p50 8 s (30 calls)',
    ]);
    rerender(<TimingTooltip active payload={[{ payload: quiet }]} />);
    expect(container).toHaveTextContent('PDD: no call rang');
    expect(container).toHaveTextContent('Setup: no timed call');
    rerender(<TimingTooltip active={false} payload={[{ payload: busy }]} />);
    expect(container).toBeEmptyDOMElement();
  });
});
