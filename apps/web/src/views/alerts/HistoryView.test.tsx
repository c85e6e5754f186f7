import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cleanup, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { SipEvent } from '@sipwatch/wire';
import { formatDateTime } from '@sipwatch/wire/metrics';
import type { AlertsHarness } from './test-support';
import { ADMIN_TOKEN, createRule, renderAlertsApp, settle, startAlertsServer } from './test-support';

const XSS = '<img src=x onerror=alert(1)>';
let h: AlertsHarness;

beforeEach(async () => {
  h = await startAlertsServer();
});

afterEach(async () => {
  cleanup();
  await settle();
  await h.close();
});

function calls(n: number, code: number): Omit<SipEvent, 'ts' | 'receivedAt'>[] {
  return Array.from({ length: n }, () => ({
    code,
    scope: 'call' as const,
    method: 'INVITE',
    trunk: 'carrier-a',
    source: { channel: 'http' as const, format: 'json', host: 'sbc-1' },
  }));
}

/** A 503 storm that fires, then clears and resolves; a failure-rate rule that fires too. */
async function someHistory() {
  await createRule(h, {
    name: XSS,
    metric: 'code_count',
    code: 503,
    window: '10s',
    threshold: 5,
    pendingFor: '0s',
    noData: 'ok',
    severity: 'critical',
  });
  await createRule(h, {
    name: 'failure rate',
    metric: 'failure_rate',
    threshold: 0.5,
    window: '1m',
    pendingFor: '0s',
  });
  h.ingest(calls(20, 503));
  h.advance(2_000);
  h.advance(20_000); // the 10 s window empties: no data counts as clear, the storm resolves
}

describe('the alert history page', { timeout: 15_000 }, () => {
  it('lists each transition with its time, value and threshold, newest first; names as text', async () => {
    await someHistory();
    const { container } = renderAlertsApp('/alerts/history', { base: h.base });
    const history = (await (await h.fetch('/api/v1/alerts/history')).json()) as {
      history: { at: number; to: string }[];
    };
    expect(history.history.map((t) => t.to)).toEqual(['resolved', 'firing', 'firing']);
    const rowTexts = () =>
      screen.getAllByTestId('history-row').map((r) =>
        Array.from(r.querySelectorAll('td, th'))
          .map((c) => c.textContent?.trim())
          .join(' | '),
      );
    await waitFor(() =>
      expect(rowTexts()).toEqual([
        `${formatDateTime(history.history[0]!.at)} | ${XSS} | critical | ▲ Firing → ✓ Resolved | no data | 5 | no data (ok) | — | View`,
        // Values read as the rule's metric: a failure rate in percent; still firing.
        expect.stringMatching(
          /\| failure rate \| warning \| ● OK → ▲ Firing \| 100\.0% \| 50\.0% \| condition met \| ongoing \| View$/,
        ),
        // The storm fired until it resolved 10 s later.
        expect.stringMatching(/\| critical \| ● OK → ▲ Firing \| 20 \| 5 \| condition met \| 10s \| View$/),
      ]),
    );
    // Each change links to the dashboard from 5 minutes before it to 5 minutes after it ended.
    const stormFired = screen.getAllByTestId('history-row')[2]!;
    const link = stormFired.querySelector('a')!;
    const search = new URLSearchParams(link.getAttribute('href')!.split('?')[1]);
    expect(search.get('range')).toBe('custom');
    expect(Date.parse(search.get('from')!)).toBe(history.history[2]!.at - 300_000);
    expect(Date.parse(search.get('to')!)).toBe(history.history[0]!.at + 300_000);
    expect(container.querySelector('img')).toBeNull();
  });

  it('filters by state and by rule, and keeps the filters in the URL', async () => {
    await someHistory();
    const user = userEvent.setup({ delay: null });
    renderAlertsApp('/alerts/history', { base: h.base });
    await screen.findByRole('table', { name: 'Alert history' });
    await waitFor(() => expect(screen.getAllByTestId('history-row')).toHaveLength(3));

    await user.selectOptions(screen.getByLabelText('Entered state'), 'resolved');
    expect(screen.getByTestId('location')).toHaveTextContent('/alerts/history?state=resolved');
    await waitFor(() => expect(screen.getAllByTestId('history-row')).toHaveLength(1));
    expect(screen.getByTestId('history-row')).toHaveAttribute('data-state', 'resolved');

    await user.selectOptions(screen.getByLabelText('Entered state'), '');
    await user.selectOptions(screen.getByLabelText('Rule'), 'failure rate');
    expect(screen.getByTestId('location')).toHaveTextContent('/alerts/history?rule=failure-rate');
    await waitFor(() => expect(screen.getAllByTestId('history-row')).toHaveLength(1));
    expect(screen.getByTestId('history-row')).toHaveTextContent('failure rate');
  });

  it('reads a deleted timing rule’s values in milliseconds, from the row’s own unit', async () => {
    await createRule(h, {
      id: 'slow-ringing',
      name: 'Slow ringing',
      metric: 'pdd_p95',
      scope: { trunk: 'carrier-a' },
      threshold: 4000,
      window: '1m',
      minVolume: 5,
      pendingFor: '0s',
    });
    for (let i = 0; i < 8; i++)
      h.timings.add(
        { ts: h.clock.now(), trunk: 'carrier-a', pddMs: 6_000, setupMs: 9_000, result: 'answered' },
        h.clock.now(),
      );
    h.advance(2_000);
    const removed = await h.fetch('/api/v1/alerts/rules/slow-ringing', {
      method: 'DELETE',
      token: ADMIN_TOKEN,
    });
    expect(removed.ok).toBe(true);

    renderAlertsApp('/alerts/history?rule=slow-ringing', { base: h.base });
    const row = await screen.findByTestId('history-row');
    const cells = Array.from(row.querySelectorAll('td')).map((c) => c.textContent);
    // Time, severity, change, value, threshold, why: the rule is gone, the unit is on the row.
    expect(cells.slice(3, 5)).toEqual([expect.stringMatching(/^\d+ ms$/), '4000 ms']);
    expect(Number.parseInt(cells[3]!, 10)).toBeGreaterThan(4_000);
    expect(screen.getByLabelText('Rule')).toHaveDisplayValue('slow-ringing (deleted)');
  });

  it('limits to a time range', async () => {
    await someHistory();
    const to = h.clock.now() - 15_000; // after the firings (12:00:01), before the resolution (12:00:11)
    renderAlertsApp(`/alerts/history?to=${to}`, { base: h.base });
    await waitFor(() => expect(screen.getAllByTestId('history-row')).toHaveLength(2));
    expect(screen.queryByText('recovered')).toBeNull();
    expect(screen.getByLabelText('To')).not.toHaveValue('');
  });
});
