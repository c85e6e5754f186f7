import { describe, expect, it } from 'vitest';
import { act, screen, waitFor } from '@testing-library/react';
import { formatClock } from '@sipwatch/wire/metrics';
import type { StorageStatus } from '@sipwatch/wire';
import { snapshot } from '@sipwatch/testing';
import { fixtureApi, renderApp } from '../../test/render';
import { createLiveStore } from '../../store/live-store';

const since = Date.UTC(2025, 0, 6, 12, 0, 0);

function status(overrides: Partial<StorageStatus>): StorageStatus {
  return {
    state: 'ok',
    since,
    lastGoodFlushAt: since - 1000,
    message: null,
    refusingIntake: false,
    ...overrides,
  };
}

function live() {
  const store = createLiveStore({ now: 0 });
  store.getState().connected(0);
  store.getState().snapshot(snapshot(), 100);
  return store;
}

describe('the storage notice', () => {
  it('says data is not being saved and since when, while the disk is full, and goes once writes resume', async () => {
    const store = live();
    renderApp('/', { store, api: fixtureApi().api });
    act(() => store.getState().storageStatus(status({ state: 'ok' })));
    expect(screen.queryByTestId('storage-notice')).toBeNull();

    act(() =>
      store
        .getState()
        .storageStatus(status({ state: 'disk-full', message: 'the disk holding the database is full.' })),
    );
    const notice = await screen.findByTestId('storage-notice');
    expect(notice).toHaveTextContent(`The disk is full: data is not being saved since ${formatClock(since)}`);
    expect(notice).toHaveTextContent(`Last saved at ${formatClock(since - 1000)}`);
    expect(notice).toHaveTextContent('Counts are kept in memory');

    // Under load the notice was seen to commit a later state only after act returned (about 1 run
    // in 10; cause not pinned down), so each later state is awaited rather than read at once.
    act(() => store.getState().storageStatus(status({ state: 'stalled', refusingIntake: true })));
    await waitFor(() =>
      expect(screen.getByTestId('storage-notice')).toHaveTextContent('new events are refused'),
    );

    act(() => store.getState().storageStatus(status({ state: 'ok' })));
    await waitFor(() => expect(screen.queryByTestId('storage-notice')).toBeNull());
  });

  it("shows the server's message as text, never as markup", async () => {
    const store = live();
    renderApp('/', { store, api: fixtureApi().api });
    act(() =>
      store
        .getState()
        .storageStatus(status({ state: 'failing', message: '<img src=x onerror=alert(1)> locked' })),
    );
    const notice = await screen.findByTestId('storage-notice');
    expect(notice).toHaveTextContent('<img src=x onerror=alert(1)> locked');
    expect(notice.querySelector('img')).toBeNull();
  });
});
