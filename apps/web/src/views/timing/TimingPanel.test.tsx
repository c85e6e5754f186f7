import { describe, expect, it } from 'vitest';
import { screen, within } from '@testing-library/react';
import { timingRow } from '@sipwatch/testing';
import { fixtureApi, renderApp } from '../../test/render';

const XSS = '<img src=x onerror=alert(1)>';

const ROWS = [
  timingRow('carrier-a', [1_800, 4_200, 40], [9_000, 21_000, 38]),
  timingRow('carrier-b', [2_400, 6_100, 12], [11_000, 30_500, 12]),
  timingRow(XSS, [null, null, 0], [700, 900, 3]),
];

function rowTexts(table: HTMLElement): string[] {
  return within(table)
    .getAllByRole('row')
    .map((r) =>
      Array.from(r.querySelectorAll('th, td'))
        .map((c) => c.textContent)
        .join(' | '),
    );
}

describe('call setup timing on the overview', () => {
  it('shows PDD and setup p50/p95 per trunk in ms, with the calls timed; names stay text', async () => {
    const { api, calls } = fixtureApi({ timing: ROWS });
    const { container } = renderApp('/', { api });
    const table = await screen.findByRole('table', { name: 'Call setup timing' });
    expect(rowTexts(table)).toEqual([
      'Trunk | Calls timed | Rang | PDD p50 | PDD p95 | Setup p50 | Setup p95',
      'carrier-a | 38 | 40 | 1800 ms | 4200 ms | 9000 ms | 21000 ms',
      'carrier-b | 12 | 12 | 2400 ms | 6100 ms | 11000 ms | 30500 ms',
      `${XSS} | 3 | 0 | — | — | 700 ms | 900 ms`,
      'All trunks | 53 | 52 | 1800 ms | 4200 ms | 9000 ms | 21000 ms',
    ]);
    expect(container.querySelector('img')).toBeNull();
    // The live window of the view (15 min by default), all trunks.
    expect(calls.timing.at(-1)).toEqual({ window: '15m', trunk: undefined });
  });

  it('explains that timing needs HEP capture when no call was timed', async () => {
    renderApp('/', { api: fixtureApi({ timing: [] }).api });
    const empty = await screen.findByTestId('timing-empty');
    expect(empty).toHaveTextContent('No timed calls in this range.');
    expect(empty).toHaveTextContent('Timing needs HEP capture');
    expect(empty).toHaveTextContent('apps/server/docs/hep.md');
    expect(screen.queryByRole('table', { name: 'Call setup timing' })).toBeNull();
  });

  it('narrows to the trunk of a trunk-filtered view, and says the other filters do not apply', async () => {
    const { api, calls } = fixtureApi({ timing: ROWS });
    renderApp('/?range=1h&trunk=carrier-b&method=INVITE', { api });
    const table = await screen.findByRole('table', { name: 'Call setup timing' });
    expect(rowTexts(table).slice(1)).toEqual([
      'carrier-b | 12 | 12 | 2400 ms | 6100 ms | 11000 ms | 30500 ms',
    ]);
    expect(calls.timing.at(-1)).toEqual({ window: '1h', trunk: 'carrier-b' });
    expect(screen.getByRole('heading', { name: /Call setup timing/ })).toHaveTextContent('trunk carrier-b');
    expect(screen.getByTestId('timing-filter-note')).toHaveTextContent(
      'Timing is kept per trunk: the method filter does not narrow it.',
    );
  });

  it('asks for the bounds of a history range and says timing is live-only', async () => {
    const { api, calls } = fixtureApi({ timing: ROWS });
    renderApp('/?range=6h', { api });
    await screen.findByRole('table', { name: 'Call setup timing' });
    const q = calls.timing.at(-1)!;
    expect('from' in q && q.to - q.from).toBe(6 * 3_600_000);
    expect(screen.getByTestId('timing-panel')).toHaveTextContent('held in memory for the live window only');
  });
});
