import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { until } from '@sipwatch/testing';
import { MINUTE_MS } from '@sipwatch/wire';
import { startLiveApp, tempDir } from '../../../../server/src/test-support/live-app.js';
import { sendUdp } from '../../../../server/src/test-support/udp.js';
import { createHttpApi } from '../../api/client';
import { renderApp } from '../../test/render';
import { withoutSignals } from '../../test/real-server';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  cleanup();
  while (cleanups.length) await cleanups.pop()!();
});

const XSS = '<img src=x onerror=alert(1)>';
const kamailio = (host: string, code: number, id: string) =>
  `<134>1 - ${host} kamailio - - - reply rs=${code} ci=${id}`;

describe('the intake page', () => {
  it('names the feed that went quiet, the one sending only what is refused, why, and its lines as text', async () => {
    const dir = tempDir();
    const live = await startLiveApp(dir.dir, { config: { http: { webRoot: dir.dir } } });
    cleanups.push(() => dir.cleanup());
    cleanups.push(() => live.stop());
    const stats = () => live.app.stats.snapshot();

    // sbc-old sends two good lines, then nothing for two minutes.
    await sendUdp(live.ports.syslogUdp!, [kamailio('sbc-old', 503, 'a1'), kamailio('sbc-old', 200, 'a2')]);
    await until(() => stats().channels.syslog.sinceStart.accepted === 2 || undefined, {
      what: 'the two good syslog lines',
    });
    live.clock.set(live.clock.now() + 2 * MINUTE_MS);

    // edge-7 sends only a line sipwatch cannot read; HTTP gets one good and two refused items.
    await sendUdp(live.ports.syslogUdp!, [`<134>1 - edge-7 app - - - ${XSS} no response here`]);
    const posted = await fetch(`${live.base}/api/v1/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify([{ code: 486, callId: 'h1' }, { code: 99 }, { code: 99 }]),
    });
    expect(posted.status).toBe(200);
    await until(() => stats().channels.syslog.lastMinute.unparsed === 1 || undefined, {
      what: 'the unreadable syslog line',
    });

    const user = userEvent.setup();
    renderApp('/intake', { api: withoutSignals(createHttpApi(live.base)) });
    expect(await screen.findByTestId('intake-headline')).toHaveTextContent(
      '3 feeds: 1 receiving, 1 silent for the last minute, 1 sending only what is refused or unreadable. ' +
        'In the last minute 2 items refused and 1 line unreadable.',
    );

    const rows = screen.getAllByTestId('feed-row').map((r) =>
      within(r)
        .getAllByRole('cell')
        .map((c) => c.textContent),
    );
    // Those that need a look come first.
    expect(rows.map((r) => [r[0], r[1], r[2]])).toEqual([
      ['Only refused or unreadable', 'syslog', 'edge-7'],
      ['Silent for the last minute', 'syslog', 'sbc-old'],
      ['Receiving', 'http', '127.0.0.1'],
    ]);
    // The HTTP feed: 1 accepted, 2 refused, 67% bad, and why.
    expect(rows[2]!.slice(3)).toEqual(['1', '2', '0', '66.7%', 'invalid-code ×2', '1']);
    expect(rows[1]!.at(-1)).toBe('2');

    expect(
      within(screen.getByTestId('channel-syslog'))
        .getAllByRole('cell')
        .map((c) => c.textContent),
    ).toEqual(['0', '0', '1', '2', '0', '1', '0']);

    // The unreadable line, as text: no element is made from it.
    const sample = await screen.findByTestId('unparsed-sample');
    expect(sample).toHaveTextContent(`${XSS} no response here`);
    expect(sample.querySelector('img')).toBeNull();
    expect(sample).toHaveTextContent('edge-7');

    // A host's lines alone, then every host again.
    await user.click(screen.getByRole('button', { name: 'Unreadable lines from sbc-old' }));
    expect(await screen.findByText('No unreadable line kept from sbc-old.')).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: /^From every host/ }));
    await waitFor(() => expect(screen.getAllByTestId('unparsed-sample')).toHaveLength(1));
  });
});
