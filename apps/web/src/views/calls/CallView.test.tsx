import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { until } from '@sipwatch/testing';
import { acceptedBy, startLiveApp, tempDir } from '../../../../server/src/test-support/live-app.js';
import type { LiveApp } from '../../../../server/src/test-support/live-app.js';
import { CARRIER, sipCallPackets } from '../../../../server/src/test-support/sip-calls.js';
import type { CallSpec } from '../../../../server/src/test-support/sip-calls.js';
import { sendUdp } from '../../../../server/src/test-support/udp.js';
import { createHttpApi } from '../../api/client';
import { renderApp } from '../../test/render';
import { withoutSignals } from '../../test/real-server';
import { setShownTimeZone } from '@sipwatch/wire/metrics';

/** The call pages against a real server fed over HEP. */

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  cleanup();
  while (cleanups.length) await cleanups.pop()!();
});

const XSS = '<img src=x onerror=alert(1)>';

async function serverWithCall(spec: CallSpec, waitMs = 0): Promise<LiveApp> {
  const dir = tempDir();
  const live = await startLiveApp(dir.dir, {
    config: {
      http: { webRoot: dir.dir },
      syslog: { udp: false, tcp: false },
      ingest: { trunks: [{ name: 'carrier-b', cidrs: [`${CARRIER.ip}/32`] }] },
      calls: { sampleShare: 1 },
    },
  });
  cleanups.push(() => dir.cleanup());
  cleanups.push(() => live.stop());
  // A hostile header in every message: it must come out as text.
  const packets = sipCallPackets(spec, 'proxy-1', (text) =>
    text.replace('\r\nCall-ID:', `\r\nUser-Agent: ${XSS}\r\nCall-ID:`),
  );
  // A call that waits: its two provisional responses are counted as events once read.
  const read = waitMs > 0 ? acceptedBy(live.app, 2) : undefined;
  await sendUdp(live.ports.hepUdp!, packets);
  await read;
  // A call with no final response is kept once it has waited (its collection window).
  live.clock.advance(waitMs);
  await until(async () => {
    live.app.flushNow();
    const res = await fetch(`${live.base}/api/v1/calls/${encodeURIComponent(spec.callId)}`);
    return res.ok && ((await res.json()) as { messages: unknown[] }).messages.length === packets.length;
  }, 'the call kept');
  return live;
}

const SPEC: CallSpec = {
  callId: 'ladder-1@proxy.example',
  from: '+4930555',
  to: '+4940777',
  at: Date.UTC(2025, 0, 6, 11, 59, 0),
  finalCode: 503,
  finalReason: 'Service Unavailable',
  retransmitFinal: true,
};

describe('the call page', () => {
  it('draws the ladder: named columns, an arrow per message, the retransmission marked, the final coloured by category', async () => {
    const live = await serverWithCall(SPEC);
    renderApp(`/calls/${encodeURIComponent(SPEC.callId)}`, { api: withoutSignals(createHttpApi(live.base)) });
    const arrows = await screen.findAllByTestId('ladder-arrow');
    expect(screen.getAllByTestId('ladder-column').map((c) => c.textContent)).toEqual([
      // The caller's side named by the capture agent that saw every message there.
      'A proxy-1192.0.2.10:5060',
      `B carrier-b${CARRIER.ip}:${CARRIER.port}`,
    ]);
    expect(arrows.map((a) => a.getAttribute('aria-label'))).toEqual([
      `+0.000 s, proxy-1 (192.0.2.10:5060) to carrier-b (${CARRIER.ip}:${CARRIER.port}): INVITE`,
      `+0.010 s, carrier-b (${CARRIER.ip}:${CARRIER.port}) to proxy-1 (192.0.2.10:5060): 100 Trying`,
      `+0.100 s, carrier-b (${CARRIER.ip}:${CARRIER.port}) to proxy-1 (192.0.2.10:5060): 180 Ringing`,
      `+0.200 s, carrier-b (${CARRIER.ip}:${CARRIER.port}) to proxy-1 (192.0.2.10:5060): 503 Service Unavailable, final response, network`,
      `+0.210 s, proxy-1 (192.0.2.10:5060) to carrier-b (${CARRIER.ip}:${CARRIER.port}): ACK`,
      `+0.700 s, carrier-b (${CARRIER.ip}:${CARRIER.port}) to proxy-1 (192.0.2.10:5060): 503 Service Unavailable, retransmission`,
    ]);
    expect(within(arrows[5]!).getByText('retransmission')).toBeInTheDocument();
    // Network failures in the Okabe-Ito vermillion, with the category written beside it.
    const final = arrows[3]!.querySelector('.ladder-arrow') as HTMLElement;
    expect(final.style.color).toBe('rgb(213, 94, 0)');
    expect(within(arrows[3]!).getByText('network')).toBeInTheDocument();
    expect((arrows[0]!.querySelector('.ladder-arrow') as HTMLElement).style.color).toBe('');
    expect(screen.getByTestId('call-pdd')).toHaveTextContent('100 ms');
    expect(screen.getByTestId('call-setup')).toHaveTextContent('200 ms');
    expect(screen.getByTestId('call-facts')).toHaveTextContent('503 Service Unavailable (failed, network)');
  });

  it('moves between messages with the arrow keys and shows one as text on Enter', async () => {
    const live = await serverWithCall({ ...SPEC, callId: 'ladder-2@proxy.example' });
    const { container } = renderApp(`/calls/${encodeURIComponent('ladder-2@proxy.example')}`, {
      api: withoutSignals(createHttpApi(live.base)),
    });
    const arrows = await screen.findAllByTestId('ladder-arrow');
    const user = userEvent.setup();
    // One stop in the tab order; the arrow keys move inside the list.
    expect(arrows.map((a) => a.tabIndex)).toEqual([0, -1, -1, -1, -1, -1]);
    arrows[0]!.focus();
    await user.keyboard('{ArrowDown}{ArrowDown}{ArrowDown}');
    expect(document.activeElement).toBe(arrows[3]);
    await user.keyboard('{End}');
    expect(document.activeElement).toBe(arrows[5]);
    await user.keyboard('{Home}{Enter}');
    const text = screen.getByTestId('message-text');
    expect(text.textContent).toContain('INVITE sip:+4940777@carrier.example SIP/2.0');
    expect(text.textContent).toContain(`User-Agent: ${XSS}`);
    expect(text.textContent).toContain('m=audio 4000 RTP/AVP 0');
    expect(container.querySelector('img')).toBeNull();
    // The whole ladder as text, for a screen reader or a ticket.
    const ladder = screen.getByTestId('text-ladder').textContent!;
    expect(ladder).toContain('Outcome: 503 Service Unavailable (failed, network)');
    expect(ladder).toMatch(/B -> A {2}503 Service Unavailable {2}\[retransmission\]/);
  });

  it('marks a call that never got a final response, on its page and in the search', async () => {
    const spec: CallSpec = { ...SPEC, callId: 'silent-1@proxy.example', silent: true };
    const live = await serverWithCall(spec, 5 * 60_000 + 1000);
    renderApp(`/calls/${encodeURIComponent(spec.callId)}`, { api: withoutSignals(createHttpApi(live.base)) });
    const arrows = await screen.findAllByTestId('ladder-arrow');
    expect(screen.getByTestId('call-no-final')).toHaveTextContent('No final response');
    expect(screen.getByTestId('call-facts')).toHaveTextContent('No final response (failed, network)');
    // No arrow is marked as the final response.
    expect(arrows.map((a) => a.getAttribute('aria-label')?.includes('final response'))).toEqual([
      false,
      false,
      false,
    ]);
    expect(screen.getByTestId('text-ladder').textContent).toContain(
      'Outcome: no final response (failed, network)',
    );
    cleanup();
    renderApp('/calls', { api: withoutSignals(createHttpApi(live.base)) });
    expect(await screen.findByTestId('call-row')).toHaveTextContent('No final response (network)');
  }, 20_000);

  it('says so when the call was not kept', async () => {
    const dir = tempDir();
    const live = await startLiveApp(dir.dir, { config: { http: { webRoot: dir.dir } } });
    cleanups.push(() => dir.cleanup());
    cleanups.push(() => live.stop());
    renderApp('/calls/unknown%40x', { api: withoutSignals(createHttpApi(live.base)) });
    expect(await screen.findByText(/^This call was not kept./)).toHaveAttribute('role', 'status');
  });

  it('finds calls by number from the search page and links each to its ladder', async () => {
    const live = await serverWithCall({ ...SPEC, callId: 'ladder-3@proxy.example' });
    renderApp('/calls', { api: withoutSignals(createHttpApi(live.base)) });
    const user = userEvent.setup();
    await user.type(await screen.findByLabelText('Number starts with'), '+49407');
    await user.click(screen.getByRole('button', { name: 'Search' }));
    await until(() => screen.getByTestId('location').textContent === '/calls?number=%2B49407');
    const row = await screen.findByTestId('call-row');
    expect(within(row).getByRole('link', { name: 'Ladder of call ladder-3@proxy.example' })).toHaveAttribute(
      'href',
      '/calls/ladder-3%40proxy.example',
    );
    expect(row).toHaveTextContent('503 Service Unavailable (network)');
  });

  it('narrows the search by caller and by a time range typed in the shown zone', async () => {
    const live = await serverWithCall({ ...SPEC, callId: 'ladder-4@proxy.example' });
    setShownTimeZone('utc');
    cleanups.push(() => setShownTimeZone('local'));
    renderApp('/calls', { api: withoutSignals(createHttpApi(live.base)) });
    const user = userEvent.setup();
    await user.type(await screen.findByLabelText('Caller starts with'), '+4930');
    // The call started at 2025-01-06 11:59 UTC: a range after it finds nothing.
    await user.type(screen.getByLabelText(/^Started after/), '2025-01-06 12:00');
    await user.click(screen.getByRole('button', { name: 'Search' }));
    expect(await screen.findByText('No kept call matches.')).toBeInTheDocument();
    await user.clear(screen.getByLabelText(/^Started after/));
    await user.type(screen.getByLabelText(/^Started after/), '2025-01-06 11:58');
    await user.type(screen.getByLabelText(/^Started before/), '2025-01-06 12:00');
    await user.click(screen.getByRole('button', { name: 'Search' }));
    const row = await screen.findByTestId('call-row');
    expect(row).toHaveTextContent('ladder-4@proxy.example');
    expect(screen.getByTestId('location')).toHaveTextContent(
      `fromUser=%2B4930&from=${Date.UTC(2025, 0, 6, 11, 58)}&to=${Date.UTC(2025, 0, 6, 12, 0)}`,
    );
    // A time in another order is refused with the format to use, not searched.
    await user.type(screen.getByLabelText(/^Started before/), 'x');
    await user.click(screen.getByRole('button', { name: 'Search' }));
    expect(screen.getByRole('alert')).toHaveTextContent('Started before: give a time as YYYY-MM-DD HH:MM.');
  });
});
