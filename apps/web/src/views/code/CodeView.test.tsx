import { describe, expect, it } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { storedEvent } from '@sipwatch/testing';
import { fixtureApi, renderApp } from '../../test/render';

/** 486 over the range: 7 responses, from two trunks, one source, one method. */
const STATS_486 = {
  code: 486,
  count: 7,
  shareOfFinals: 0.07,
  failures: 7,
  byTrunk: [
    { name: 'carrier-a', count: 5 },
    { name: 'carrier-b', count: 2 },
  ],
  bySource: [{ name: 'sbc-1', count: 7 }],
  byMethod: [{ name: 'INVITE', count: 7 }],
};

describe('code drill-down', () => {
  it('shows the breakdown by trunk, source and method and the sample events as text', async () => {
    const { api, calls } = fixtureApi({
      code: {
        stats: STATS_486,
        baseline: { hourAgo: 1, dayAgo: 0 },
        samples: [
          storedEvent({
            code: 486,
            method: 'INVITE',
            callId: 'c1@x',
            from: 'sip:alice@example.com',
            to: 'sip:bob@example.com',
            raw: '<script>alert(1)</script>',
          }),
        ],
      },
      ui: { callIdUrlTemplate: 'https://homer.example/search?callid={callId}' },
    });
    const { container } = renderApp('/codes/486?range=6h', { api });
    expect(await screen.findByTestId('code-title')).toHaveTextContent('486 Busy Here');
    // The breakdown arrives with the code's REST answer.
    expect(
      await within(screen.getByRole('region', { name: 'By trunk' })).findByText('carrier-a'),
    ).toBeVisible();
    expect(screen.getByRole('region', { name: 'By source' })).toHaveTextContent('sbc-1');
    expect(screen.getByRole('region', { name: 'By method' })).toHaveTextContent('INVITE');
    const sample = await screen.findByTestId('sample-event');
    expect(sample).toHaveTextContent('sip:alice@example.com');
    expect(sample.querySelector('pre code')?.textContent).toBe('<script>alert(1)</script>');
    expect(container.querySelector('script')).toBeNull();
    expect(screen.getByTestId('code-category')).toHaveTextContent("user: the called party's own outcome");
    expect(screen.getByTestId('code-count')).toHaveTextContent(
      '7 in the range, 7.0% of finals · 7.0× usual (an hour ago)',
    );
    expect(await screen.findByRole('link', { name: 'Open call c1@x in the capture tool' })).toHaveAttribute(
      'href',
      'https://homer.example/search?callid=c1%40x',
    );
    const q = calls.code.at(-1)!;
    expect('from' in q && q.to - q.from).toBe(6 * 3_600_000);
  });

  it('explains an unregistered code by its class and refuses what is not a code', async () => {
    renderApp('/codes/599');
    expect(await screen.findByTestId('code-title')).toHaveTextContent('599 Unregistered code');
    expect(screen.getByText(/not a registered code/)).toBeInTheDocument();
    renderApp('/codes/abc');
    expect(await screen.findByRole('heading', { name: 'Not a SIP response code' })).toBeInTheDocument();
  });

  it('narrows the page to a trunk from its breakdown row, and a second click clears it', async () => {
    const { api, calls } = fixtureApi({ code: { stats: STATS_486 } });
    renderApp('/codes/486?range=6h', { api });
    const byTrunk = await screen.findByRole('region', { name: 'By trunk' });
    await userEvent.click(await within(byTrunk).findByRole('button', { name: 'Narrow to trunk carrier-b' }));
    expect(screen.getByTestId('location')).toHaveTextContent('/codes/486?range=6h&trunk=carrier-b');
    await waitFor(() => expect(calls.code.at(-1)?.filter).toMatchObject({ trunk: 'carrier-b' }));
    await userEvent.click(within(byTrunk).getByRole('button', { name: 'carrier-b: clear this filter' }));
    expect(screen.getByTestId('location')).toHaveTextContent(/^\/codes\/486\?range=6h$/);
  });

  it('the class drill-down lists the class codes with links', async () => {
    renderApp('/classes/6xx');
    expect(await screen.findByRole('link', { name: '600' })).toHaveAttribute('href', '/codes/600');
    expect(screen.getByRole('heading', { level: 1 })).toHaveTextContent('6xx Global Failure');
  });
});
