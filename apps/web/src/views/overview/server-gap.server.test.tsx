import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, screen, waitFor } from '@testing-library/react';
import { MINUTE_MS } from '@sipwatch/wire';
import { formatClock } from '@sipwatch/wire/metrics';
import { runLive, startLiveApp, tempDir } from '../../../../server/src/test-support/live-app.js';
import { ManualClock } from '../../../../server/src/clock.js';
import { createHttpApi } from '../../api/client';
import { renderApp } from '../../test/render';
import { giveChartsASize, withoutSignals } from '../../test/real-server';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  cleanup();
  while (cleanups.length) await cleanups.pop()!();
});

describe('a stop of the server on the history chart', () => {
  it('is a shaded band labelled "server not running", said in the text alternative, not a fall to zero', async () => {
    cleanups.push(giveChartsASize());
    const dir = tempDir();
    cleanups.push(() => dir.cleanup());
    const config = { http: { webRoot: dir.dir } };
    const clock = new ManualClock(Math.ceil(Date.now() / MINUTE_MS) * MINUTE_MS);
    const start = clock.now();
    const first = await startLiveApp(dir.dir, { clock, config });
    runLive(first, 5);
    await first.stop();
    const stoppedAt = clock.now();
    clock.advance(10 * MINUTE_MS);
    const second = await startLiveApp(dir.dir, { clock, config });
    cleanups.push(() => second.stop());
    runLive(second, 5);

    renderApp(`/?from=${start}&to=${clock.now()}`, { api: withoutSignals(createHttpApi(second.base)) });
    const text = await screen.findByTestId('class-chart-text');
    await waitFor(() =>
      expect(text).toHaveTextContent(
        `Server not running ${formatClock(stoppedAt)}–${formatClock(stoppedAt + 10 * MINUTE_MS)}: no data there, not zero traffic.`,
      ),
    );
    const figure = screen.getByTestId('class-chart');
    expect(figure).toHaveAttribute('data-gaps', '1');
    // The chart draws after the text alternative is written (it waits for its size).
    await waitFor(() => expect(figure.querySelector('.server-gap')).not.toBeNull());
    expect(figure).toHaveTextContent('server not running');
    // The 600 responses either side are all there; the gap's 10 minutes (120 buckets of 5 s of
    // the 240 over 20 minutes) are blank, not zero.
    expect(figure).toHaveAttribute('data-responses', '600');
    expect(figure).toHaveAttribute('data-points', '240');
    expect(figure).toHaveAttribute('data-blank', '120');
  });
});
