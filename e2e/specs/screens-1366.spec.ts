import type { Page } from '@playwright/test';
import { expect, test } from '../fixtures/test.js';
import { events } from '../fixtures/events.js';
import { shot } from '../fixtures/screenshots.js';
import { waitForTicks } from '../fixtures/ticks.js';

const TOKEN = 'e2e-admin-token-0123456789abcdef';

async function rule(
  url: string,
  name: string,
  trunk: string,
  severity: 'warning' | 'critical',
): Promise<void> {
  const res = await fetch(`${url}/api/v1/alerts/rules`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}` },
    body: JSON.stringify({
      name,
      metric: 'failure_rate',
      threshold: 0.3,
      window: '1m',
      pendingFor: '0s',
      severity,
      scope: { trunk },
    }),
  });
  expect(res.status, await res.text()).toBe(201);
}

function traffic() {
  return ['carrier-a', 'carrier-b', 'carrier-c'].flatMap((trunk) => [
    ...events(60, 200, { trunk }),
    ...events(20, 487, { trunk, reason: 'Request Terminated' }),
    ...events(4, 486, { trunk, reason: 'Busy Here' }),
  ]);
}

/** What a screen must not do: scroll sideways, or (the wall) scroll at all. */
async function layout(page: Page) {
  return page.evaluate(`(() => ({
    scrollWidth: document.documentElement.scrollWidth,
    scrollHeight: document.documentElement.scrollHeight,
    width: window.innerWidth,
    height: window.innerHeight,
    chart: (document.querySelector('[data-testid="class-chart"] .recharts-responsive-container')?.getBoundingClientRect().height) ?? 0,
  }))()`) as Promise<{
    scrollWidth: number;
    scrollHeight: number;
    width: number;
    height: number;
    chart: number;
  }>;
}

/** The wall never scrolls, and its chart keeps room to read. */
async function fitsTheWall(page: Page): Promise<void> {
  const l = await layout(page);
  expect(l.scrollHeight).toBeLessThanOrEqual(l.height);
  expect(l.scrollWidth).toBeLessThanOrEqual(l.width);
  expect(l.chart).toBeGreaterThanOrEqual(150);
}

test.describe('the screens at 1366×768', () => {
  test.use({
    serverEnv: { SIPWATCH_ADMIN_TOKEN: `noc-alice:${TOKEN}` },
    viewport: { width: 1366, height: 768 },
  });

  test('overview, wall with one and two firing alerts, and the code page fit the screen', async ({
    page,
    server,
  }) => {
    await server.postEvents(traffic());
    await page.goto('/');
    await expect(page.getByTestId('freshness')).toHaveAttribute('data-status', 'live');
    await waitForTicks(page, 1);
    const overview = await layout(page);
    expect(overview.scrollWidth).toBeLessThanOrEqual(overview.width);
    await shot(page, 'overview-1366.png');

    await rule(server.url, 'carrier-b failing', 'carrier-b', 'critical');
    await rule(server.url, 'carrier-c failing', 'carrier-c', 'warning');
    await server.postEvents(events(40, 503, { trunk: 'carrier-b', reason: 'Service Unavailable' }));
    await page.goto('/?kiosk');
    await expect(page.getByTestId('now-firing')).toContainText('carrier-b failing', { timeout: 10_000 });
    await waitForTicks(page, 1);
    await fitsTheWall(page);
    await shot(page, 'wall-1366-one-alert.png');

    await server.postEvents(events(40, 503, { trunk: 'carrier-c', reason: 'Service Unavailable' }));
    await expect(page.getByTestId('now-firing')).toContainText('carrier-c failing', { timeout: 10_000 });
    await waitForTicks(page, 1);
    await fitsTheWall(page);
    await shot(page, 'wall-1366-two-alerts.png');

    await page.goto('/codes/503');
    await expect(page.getByRole('heading', { level: 1 })).toContainText('503');
    await waitForTicks(page, 1);
    const code = await layout(page);
    expect(code.scrollWidth).toBeLessThanOrEqual(code.width);
    await shot(page, 'code-503-1366.png');
  });
});

test.describe('the overview at 390 px', () => {
  test.use({ viewport: { width: 390, height: 844 } });

  test('the first number is near the top, and nothing scrolls sideways', async ({ page, server }) => {
    await server.postEvents(traffic());
    await page.goto('/');
    await expect(page.getByTestId('freshness')).toHaveAttribute('data-status', 'live');
    await waitForTicks(page, 1);
    // Header and toolbar took about 400 px before the first number; the explanation now follows the tiles.
    const tile = (await page.getByTestId('tile-failure-rate').boundingBox())!;
    const band = (await page.getByTestId('now-band').boundingBox())!;
    expect(tile.y - band.height).toBeLessThan(250);
    const l = await layout(page);
    expect(l.scrollWidth).toBeLessThanOrEqual(l.width);
    await shot(page, 'overview-390.png');
  });
});
