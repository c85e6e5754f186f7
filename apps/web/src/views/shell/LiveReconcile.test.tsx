import { describe, expect, it } from 'vitest';
import { render, waitFor } from '@testing-library/react';
import type { SeriesQuery } from '../../api/client';
import { ApiProvider } from '../../api/react';
import { createLiveStore, selectView } from '../../store/live-store';
import { LiveProvider } from '../../store/react';
import { makeSubscription } from '@sipwatch/wire/subscription';
import { point, snapshot } from '@sipwatch/testing';
import { fixtureApi } from '../../test/render';
import { LiveReconcile } from './LiveReconcile';

describe('live series reconciliation', () => {
  it('re-reads the last seconds for the current filter and merges late events into the ring', async () => {
    const sub = makeSubscription({ trunk: 'carrier-a' }, '5m');
    const store = createLiveStore({ now: 0, subscription: sub });
    store.getState().connected(0);
    store
      .getState()
      .snapshot(snapshot({ subscription: sub, series: [point(1000), point(2000), point(3000)] }), 0);
    const { api, calls } = fixtureApi();
    api.series = (q: SeriesQuery) => {
      calls.series.push(q);
      // The server counted 3 late 503s in second 2000 after its tick went out.
      return Promise.resolve({
        from: q.from,
        to: q.to,
        stepMs: 1000,
        group: 'class',
        filter: q.filter,
        points: [point(2000, { 503: 3 })],
        gaps: [],
      });
    };
    render(
      <LiveProvider store={store}>
        <ApiProvider api={api}>
          <LiveReconcile intervalMs={10} />
        </ApiProvider>
      </LiveProvider>,
    );
    await waitFor(() => expect(selectView(store.getState()).series[1]!.byCode).toEqual({ 503: 3 }));
    expect(calls.series[0]).toMatchObject({ to: 4000, stepMs: 1000, filter: { trunk: 'carrier-a' } });
  });
});
