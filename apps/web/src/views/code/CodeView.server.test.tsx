import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { sipEvent } from '@sipwatch/testing';
import { HOUR_MS, MINUTE_MS } from '@sipwatch/wire';
import { startLiveApp, tempDir } from '../../../../server/src/test-support/live-app.js';
import { createHttpApi } from '../../api/client';
import { renderApp } from '../../test/render';
import { withoutSignals } from '../../test/real-server';
import { serverWithStorm } from '../../test/storm';
import { formatClock } from '@sipwatch/wire/metrics';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  cleanup();
  while (cleanups.length) await cleanups.pop()!();
});

describe('a code page’s samples', () => {
  it('come from the range in view, newest first, and page back through it to its start', async () => {
    const dir = tempDir();
    const live = await startLiveApp(dir.dir, { config: { http: { webRoot: dir.dir } } });
    cleanups.push(() => dir.cleanup());
    cleanups.push(() => live.stop());
    const now = live.clock.now() + HOUR_MS;
    live.clock.set(now);
    // 45 503s between 40 and 20 minutes ago (the range), and 5 newer ones after it.
    const from = now - 40 * MINUTE_MS;
    const to = now - 20 * MINUTE_MS;
    const inRange = Array.from({ length: 45 }, (_, i) =>
      sipEvent({ ts: from + i * 20_000, code: 503, trunk: 'carrier-b', callId: `in-${i}` }),
    );
    const after = Array.from({ length: 5 }, (_, i) =>
      sipEvent({ ts: to + 60_000 + i * 1_000, code: 503, trunk: 'carrier-b', callId: `after-${i}` }),
    );
    live.app.ingest([...inRange, ...after]);
    expect(live.app.flushNow().ok).toBe(true);

    const user = userEvent.setup();
    renderApp(`/codes/503?from=${from}&to=${to}`, { api: withoutSignals(createHttpApi(live.base)) });
    const callIds = () =>
      screen.getAllByTestId('sample-event').map((e) => e.querySelector('td.mono > span')?.textContent);
    await waitFor(() => expect(screen.getAllByTestId('sample-event')).toHaveLength(20));
    // The newest of the range first; nothing from after it.
    expect(callIds()[0]).toBe('in-44');
    expect(callIds().some((id) => id?.startsWith('after-'))).toBe(false);

    await user.click(screen.getByRole('button', { name: /^Older events in this range/ }));
    await waitFor(() => expect(screen.getAllByTestId('sample-event')).toHaveLength(40));
    await user.click(screen.getByRole('button', { name: /^Older events in this range/ }));
    await waitFor(() => expect(screen.getAllByTestId('sample-event')).toHaveLength(45));
    expect(callIds().at(-1)).toBe('in-0');
    expect(new Set(callIds()).size).toBe(45);
    expect(screen.queryByRole('button', { name: /^Older events in this range/ })).toBeNull();
    expect(screen.getByText(/No older events of this code in the range\./)).toBeInTheDocument();

    await user.click(screen.getByRole('button', { name: 'Back to the newest' }));
    expect(screen.getAllByTestId('sample-event')).toHaveLength(20);
  });
});

describe('a failure code’s page during a storm', () => {
  it('marks when the code left its usual rate, and where it rose first', async () => {
    const { live, stormFrom } = await serverWithStorm(cleanups);
    renderApp('/codes/503?range=5m', { api: withoutSignals(createHttpApi(live.base)) });
    expect(await screen.findByTestId('code-onset')).toHaveTextContent(
      `503 left its usual rate at ${formatClock(stormFrom)}, first from carrier-b.`,
    );
  });
});
