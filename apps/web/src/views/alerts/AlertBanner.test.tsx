import { describe, expect, it } from 'vitest';
import { act, render, screen, within } from '@testing-library/react';
import { MemoryRouter } from 'react-router-dom';
import type { AlertView } from '@sipwatch/wire';
import { formatClock } from '@sipwatch/wire/metrics';
import { createLiveStore } from '../../store/live-store';
import { LiveProvider } from '../../store/react';
import { alertView } from '@sipwatch/testing';
import { AlertBanner } from './AlertBanner';
import { useAlertHold } from './use-alert-hold';

const XSS = '<img src=x onerror=alert(1)>';
const MIN = 60_000;

function named(
  view: AlertView,
  name: string,
  metric: AlertView['rule']['metric'] = view.rule.metric,
): AlertView {
  return { ...view, rule: { ...view.rule, name, metric } };
}

function HoldProbe() {
  return <output data-testid="hold">{String(useAlertHold())}</output>;
}

function renderBanner(path = '/') {
  const store = createLiveStore({ now: 10 * MIN });
  render(
    <LiveProvider store={store}>
      <MemoryRouter initialEntries={[path]}>
        <AlertBanner />
        <HoldProbe />
      </MemoryRouter>
    </LiveProvider>,
  );
  return store;
}

describe('the alert banner', () => {
  it('stays hidden while nothing fires', () => {
    const store = renderBanner();
    expect(screen.getByTestId('alert-slot')).not.toBeVisible();
    act(() => store.getState().alertsSnapshot({ serverTime: 0, alerts: [alertView('a', 'ok')] }));
    expect(screen.queryByRole('region', { name: 'Firing alerts' })).toBeNull();
    expect(screen.getByTestId('hold')).toHaveTextContent('false');
  });

  it('puts a critical firing alert first, by colour, icon and word, with its value and since when', () => {
    const store = renderBanner();
    const warning = named(alertView('w', 'firing', 'warning', 1 * MIN), 'ASR low');
    const critical = {
      ...named(alertView('c', 'firing', 'critical', 4 * MIN), '503 storm', 'code_rate'),
    };
    critical.state = { ...critical.state, value: 12, threshold: 5 };
    act(() => store.getState().alertsSnapshot({ serverTime: 0, alerts: [warning, critical] }));

    const banner = screen.getByRole('region', { name: 'Firing alerts' });
    expect(banner).toHaveAttribute('data-severity', 'critical');
    expect(banner).toHaveClass('alert-banner-critical');
    const [first, second] = within(banner).getAllByTestId('alert-banner-item');
    expect(first).toHaveAttribute('data-severity', 'critical');
    expect(first).toHaveTextContent(
      `CRITICAL 503 storm: 12/min (threshold 5/min) · firing since ${formatClock(4 * MIN)} (6 min)`,
    );
    expect(second).toHaveTextContent(
      `WARNING ASR low: 20.0% (threshold 10.0%) · firing since ${formatClock(MIN)}`,
    );
    expect(within(banner).getByRole('link', { name: 'Alert rules' })).toHaveAttribute('href', '/alerts');
    // Each alert links to where it is looked into (alert-slice.test.ts has where exactly).
    expect(within(banner).getAllByRole('link', { name: /^Look into / }).length).toBeGreaterThan(0);
    // A wall that rotates holds still while a critical alert fires.
    expect(screen.getByTestId('hold')).toHaveTextContent('true');

    act(() => store.getState().alertRemoved({ serverTime: 1, ruleId: 'c' }));
    expect(screen.getByRole('region', { name: 'Firing alerts' })).toHaveAttribute('data-severity', 'warning');
    expect(screen.getByTestId('hold')).toHaveTextContent('false');
  });

  it('renders rule names and acknowledgement notes as text', () => {
    const store = renderBanner();
    const hostile = named(alertView('x', 'firing', 'critical', 0), XSS);
    hostile.state = { ...hostile.state, ack: { by: XSS, note: `<script>alert(2)</script>`, at: 1 } };
    act(() => store.getState().alertsSnapshot({ serverTime: 0, alerts: [hostile] }));
    const banner = screen.getByRole('region', { name: 'Firing alerts' });
    expect(banner).toHaveTextContent(`CRITICAL ${XSS}: 20.0%`);
    expect(banner).toHaveTextContent(`acknowledged by ${XSS}: <script>alert(2)</script>`);
    expect(banner.querySelector('img, script')).toBeNull();
  });

  it('on the wall: no link (there are no controls), the same alert', () => {
    const store = renderBanner('/?kiosk');
    act(() =>
      store.getState().alertsSnapshot({ serverTime: 0, alerts: [alertView('c', 'firing', 'critical', 0)] }),
    );
    const banner = screen.getByRole('region', { name: 'Firing alerts' });
    expect(banner).toHaveTextContent('CRITICAL rule c');
    expect(within(banner).queryByRole('link')).toBeNull();
  });

  it('on the wall: several firing alerts make one line, the worst first and a count of the others', () => {
    const store = renderBanner('/?kiosk');
    const alerts = [
      named(alertView('w1', 'firing', 'warning', 1 * MIN), 'ASR low'),
      named(alertView('c1', 'firing', 'critical', 2 * MIN), '503 storm'),
      named(alertView('c2', 'firing', 'critical', 3 * MIN), '408 storm'),
    ];
    act(() => store.getState().alertsSnapshot({ serverTime: 0, alerts }));
    const items = within(screen.getByRole('region', { name: 'Firing alerts' })).getAllByTestId(
      'alert-banner-item',
    );
    expect(items).toHaveLength(1);
    expect(items[0]).toHaveAttribute('data-severity', 'critical');
    expect(items[0]).toHaveTextContent(/^CRITICAL .* · \+2 more firing \(1 critical, 1 warning\)$/);
  });
});
