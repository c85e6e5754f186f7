import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, render, screen, within } from '@testing-library/react';
import { MemoryRouter } from 'react-router-dom';
import { explanation } from '@sipwatch/testing';
import { formatClock } from '@sipwatch/wire/metrics';
import { createHttpApi } from '../../api/client';
import { ApiProvider } from '../../api/react';
import { parseViewState } from '../../lib/view-state';
import { createLiveStore } from '../../store/live-store';
import { LiveProvider } from '../../store/react';
import { fixtureApi } from '../../test/render';
import { withoutSignals } from '../../test/real-server';
import { serverWithStorm } from '../../test/storm';
import { startLiveApp, tempDir } from '../../../../server/src/test-support/live-app.js';
import { sipEvent } from '@sipwatch/testing';
import { MINUTE_MS } from '@sipwatch/wire';
import { WhatChanged } from './WhatChanged';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  cleanup();
  while (cleanups.length) await cleanups.pop()!();
});

describe('What changed', () => {
  it('explains a 503 storm on one trunk in one line, as text, linking to the code page filtered to that trunk', async () => {
    const { live, stormFrom } = await serverWithStorm(cleanups);
    const view = parseViewState(new URLSearchParams('range=5m'));
    render(
      <LiveProvider store={createLiveStore({ now: 0 })}>
        <ApiProvider api={withoutSignals(createHttpApi(live.base))}>
          <MemoryRouter>
            <WhatChanged view={view} from={0} to={0} />
          </MemoryRouter>
        </ApiProvider>
      </LiveProvider>,
    );
    const line = await screen.findByTestId('what-changed-line');
    expect(line.textContent).toBe(
      `503 Service Unavailable from carrier-b: 50 extra failures (all of the rise), none an hour ago, since ${formatClock(stormFrom)}`,
    );
    expect(line.children).toHaveLength(0);
    const link = within(screen.getByTestId('what-changed')).getByTestId('what-changed-link');
    expect(link.getAttribute('href')).toBe('/codes/503?range=5m&trunk=carrier-b');
    expect(screen.getByText(/First checks for 503 Service Unavailable/)).toBeInTheDocument();
  });

  it('on a server 4 minutes old names the storm by its failures and says there is no baseline yet', async () => {
    const dir = tempDir();
    cleanups.push(() => dir.cleanup());
    const live = await startLiveApp(dir.dir, { config: { http: { webRoot: dir.dir } } });
    cleanups.push(() => live.stop());
    const started = live.clock.now();
    live.clock.set(started + 4 * MINUTE_MS);
    live.app.ingest([
      ...Array.from({ length: 100 }, (_, i) =>
        sipEvent({ ts: started + i * 2_000, code: 200, trunk: 'carrier-a', callId: `ok${i}` }),
      ),
      ...Array.from({ length: 30 }, (_, i) =>
        sipEvent({ ts: started + 3 * MINUTE_MS + i * 1_000, code: 503, trunk: 'carrier-b', callId: `f${i}` }),
      ),
    ]);
    render(
      <LiveProvider store={createLiveStore({ now: 0 })}>
        <ApiProvider api={withoutSignals(createHttpApi(live.base))}>
          <MemoryRouter>
            <WhatChanged view={parseViewState(new URLSearchParams('range=5m'))} from={0} to={0} />
          </MemoryRouter>
        </ApiProvider>
      </LiveProvider>,
    );
    const line = await screen.findByTestId('what-changed-line');
    expect(line.textContent).toBe('503 Service Unavailable from carrier-b: 30 failures, no baseline yet');
    expect(screen.getByTestId('what-changed')).toHaveTextContent('100% of the failures (no baseline yet)');
    expect(screen.getByTestId('what-changed')).not.toHaveTextContent(
      /of the rise|extra failures|none an hour ago/,
    );
  });

  it('writes names as text, never as markup, and links nothing when nothing stands out', async () => {
    const XSS = '<img src=x onerror=alert(1)>';
    const storm = explanation({
      verdict: 'slices',
      overall: { ...explanation().overall, excess: 10 },
      slices: [
        {
          slice: { code: 503, trunk: XSS },
          failures: 10,
          finals: 20,
          expected: 0,
          excess: 10,
          share: 1,
          rate: 0.5,
          baselineRate: 0,
          lift: null,
          onset: null,
        },
      ],
    });
    const view = parseViewState(new URLSearchParams('range=5m'));
    const strip = (e: typeof storm) =>
      render(
        <LiveProvider store={createLiveStore({ now: 0 })}>
          <ApiProvider api={fixtureApi({ explanation: e }).api}>
            <MemoryRouter>
              <WhatChanged view={view} from={0} to={0} />
            </MemoryRouter>
          </ApiProvider>
        </LiveProvider>,
      );
    const { container } = strip(storm);
    expect(await screen.findByTestId('what-changed-line')).toHaveTextContent(
      `503 from ${XSS}: 10 extra failures (all of the rise), none an hour ago`,
    );
    expect(container.querySelector('img')).toBeNull();
    expect(screen.getByTestId('what-changed-link').getAttribute('href')).toBe(
      `/codes/503?${new URLSearchParams({ range: '5m', trunk: XSS }).toString()}`,
    );
    cleanup();

    strip(explanation());
    expect(await screen.findByTestId('what-changed-line')).toHaveTextContent(
      'Nothing stands out: failures as usual',
    );
    expect(screen.queryByTestId('what-changed-link')).toBeNull();
  });
});
