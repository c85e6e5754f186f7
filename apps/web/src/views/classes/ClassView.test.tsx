import { describe, expect, it } from 'vitest';
import { screen, within } from '@testing-library/react';
import { REGISTRY } from '@sipwatch/codes';
import { classCounts, kpis, point, snapshot, summary } from '@sipwatch/testing';
import { createLiveStore } from '../../store/live-store';
import { fixtureApi, renderApp } from '../../test/render';

const NOW = 1_736_164_800_000;

function storeWith(byCode: Record<string, number>, abandoned: number) {
  const store = createLiveStore({ now: NOW });
  store.getState().connected(NOW);
  const busy = point(NOW - 5_000, byCode, abandoned);
  store.getState().snapshot(
    snapshot({
      serverTime: NOW,
      series: [busy],
      summary: summary({
        byCode,
        byClass: classCounts(busy.byClass),
        kpis: kpis({ abandoned, challenges: (byCode['401'] ?? 0) + (byCode['407'] ?? 0) }),
      }),
    }),
    NOW,
  );
  return store;
}

describe('a class page', () => {
  it('lists the codes seen first, marks challenges and abandoned calls, and folds the codes not seen', async () => {
    const byCode = { '200': 40, '401': 12, '407': 3, '486': 5, '487': 6, '503': 2 };
    renderApp('/classes/4xx', { store: storeWith(byCode, 4), api: fixtureApi().api });
    const seen = await screen.findByRole('table', { name: '4xx codes seen' });
    const rows = within(seen)
      .getAllByTestId('class-code-row')
      .map((r) => r.textContent);
    expect(rows).toEqual([
      expect.stringMatching(
        /^401Unauthorized \(digest challenge: a normal step before the retry, not a failure\)12/,
      ),
      expect.stringMatching(
        /^487Request Terminated \(4 abandoned by the caller \(after CANCEL\), not failures\)6/,
      ),
      expect.stringMatching(/^486Busy Here5/),
      expect.stringMatching(/^407Proxy Authentication Required \(digest challenge/),
    ]);
    const registered4xx = REGISTRY.filter((e) => e.class === '4xx').length;
    expect(screen.getByText(`${registered4xx - 4} registered 4xx codes not seen in this range`)).toBeTruthy();
    // Folded: closed until asked for.
    expect(
      screen.getByRole('table', { name: '4xx codes not seen', hidden: true }).closest('details')?.open,
    ).toBe(false);
  });
});
