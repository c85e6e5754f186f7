import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from '@playwright/test';
import { getCode } from '@sipwatch/codes';
import { expect, test } from '../fixtures/test.js';
import { events } from '../fixtures/events.js';
import { waitForTicks } from '../fixtures/ticks.js';

const SHOTS = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../test-results/screenshots');
const XSS = '<img src=x onerror=alert(1)>';

async function shot(page: Page, name: string): Promise<string> {
  mkdirSync(SHOTS, { recursive: true });
  const file = path.join(SHOTS, name);
  await page.screenshot({ path: file, fullPage: false });
  return file;
}

test.describe('dashboard against the real server', () => {
  test('tiles and the class chart reflect webhook events within 3 seconds', async ({ page, server }) => {
    await page.goto('/');
    await expect(page.getByTestId('freshness')).toHaveAttribute('data-status', 'live');
    await server.postEvents([...events(30, 200), ...events(10, 503, { reason: 'Service Unavailable' })]);

    await expect(page.getByTestId('kpi-failure-rate')).toHaveText('25.0%', { timeout: 3_000 });
    // The responses tile reads the current rate (the 40 responses over the seconds since traffic
    // began, at least 10), not 40 spread over the 15-minute window; the window total stays beside it.
    await expect(page.getByRole('article', { name: 'Responses/s · last 10 s' })).toContainText(
      '40 in the last 15 min',
    );
    await expect(page.getByTestId('kpi-responses')).toHaveText('4.0/s');
    await expect(page.getByTestId('class-count-2xx')).toHaveText('30', { timeout: 3_000 });
    await expect(page.getByTestId('class-count-5xx')).toHaveText('10', { timeout: 3_000 });
    // The chart itself holds the 40 responses and drew the 2xx and 5xx areas (an area with no data
    // is a flat, invisible path).
    const chart = page.getByTestId('class-chart');
    await expect(chart).toHaveAttribute('data-responses', '40', { timeout: 3_000 });
    await expect(chart.locator('path.recharts-area-area[name="2xx Success"]')).toBeVisible({
      timeout: 3_000,
    });
    await expect(chart.locator('path.recharts-area-area[name="5xx Server Failure"]')).toBeVisible({
      timeout: 3_000,
    });
    await expect(page.getByRole('table', { name: 'Top failure codes' })).toContainText('503');

    await waitForTicks(page, 2); // let a couple more ticks draw before the picture
    await shot(page, 'overview.png');
  });

  test('events stamped in a second the server already ticked still reach the chart', async ({
    page,
    server,
  }) => {
    await page.goto('/');
    await expect(page.getByTestId('freshness')).toHaveAttribute('data-status', 'live');
    // Stamped 1.5 s ago, like a device whose clock runs behind: their second was ticked already.
    await server.postEvents(events(12, 503, { ts: Date.now() - 1_500 }));
    await expect(page.getByTestId('class-count-5xx')).toHaveText('12', { timeout: 3_000 });
    // The KPIs count them at once; the 1-second series gets them at the next reconciliation.
    await expect(page.getByTestId('class-chart')).toHaveAttribute('data-responses', '12', {
      timeout: 15_000,
    });
  });

  test('a click on a code opens its drill-down with the description and sample events', async ({
    page,
    server,
  }) => {
    await server.postEvents([
      ...events(5, 200),
      ...events(4, 486, { reason: 'Busy Here', trunk: 'carrier-a', raw: 'SIP/2.0 486 Busy Here' }),
    ]);
    await page.setViewportSize({ width: 1366, height: 500 });
    await page.goto('/');
    const top = page.getByRole('table', { name: 'Top failure codes' });
    const link = top.getByRole('link', { name: /^486/ });
    await link.scrollIntoViewIfNeeded();
    expect(await page.evaluate<number>('window.scrollY')).toBeGreaterThan(0);
    await link.click();

    await expect(page).toHaveURL(/\/codes\/486/);
    await expect(page.getByTestId('code-title')).toHaveText('486 Busy Here');
    // The drill-down opens at its top, with its title in view, not at the overview's scroll position.
    expect(await page.evaluate<number>('window.scrollY')).toBe(0);
    await expect(page.getByTestId('code-title')).toBeInViewport();
    const entry = getCode(486)!;
    await expect(page.getByTestId('code-meaning')).toHaveText(entry.meaning);
    await expect(page.getByRole('link', { name: 'RFC 3261' })).toHaveAttribute(
      'href',
      'https://www.rfc-editor.org/rfc/rfc3261',
    );
    const samples = page.getByTestId('sample-event');
    await expect(samples).toHaveCount(4);
    await expect(samples.first()).toContainText('carrier-a');
    await expect(samples.first().locator('pre code')).toHaveText('SIP/2.0 486 Busy Here');
    await expect(page.getByRole('region', { name: 'By trunk' })).toContainText('carrier-a');
  });

  test('a URL with filters restores the same view', async ({ page, server }) => {
    await server.postEvents([
      ...events(10, 200, { trunk: 'carrier-a' }),
      ...events(10, 503, { trunk: 'carrier-b' }),
      ...events(5, 200, { trunk: 'carrier-a', method: 'REGISTER' }),
    ]);
    await page.goto('/');
    await expect(page.getByTestId('kpi-failure-rate')).toHaveText('40.0%');
    // Click a trunk: the whole dashboard narrows to it, and the URL says so.
    await page.getByRole('button', { name: 'Filter the dashboard by carrier-b' }).click();
    await expect(page).toHaveURL(/[?&]trunk=carrier-b/);
    await expect(page.getByTestId('kpi-failure-rate')).toHaveText('100.0%');

    const link = '/?range=5m&trunk=carrier-a&method=INVITE';
    await page.goto(link);
    await expect(page.getByRole('button', { name: '5 min', exact: true })).toHaveAttribute(
      'aria-pressed',
      'true',
    );
    await expect(page.getByRole('combobox', { name: 'Trunk', exact: true })).toHaveValue('carrier-a');
    await expect(page.getByRole('combobox', { name: 'Method', exact: true })).toHaveValue('INVITE');
    await expect(page.getByTestId('kpi-failure-rate')).toHaveText('0.0%');
    await expect(page.getByTestId('class-count-2xx')).toHaveText('10');

    // A colleague opening the same link in a fresh page sees the same.
    const other = await page.context().newPage();
    await other.goto(link);
    await expect(other.getByRole('combobox', { name: 'Trunk', exact: true })).toHaveValue('carrier-a');
    await expect(other.getByTestId('class-count-2xx')).toHaveText('10');
    await other.close();

    // A link whose range ends before it starts says so instead of silently showing the live window.
    await page.goto('/?from=2025-01-02T04:00&to=2025-01-02T03:00');
    await expect(page.getByTestId('range-notice')).toHaveText(
      "Showing the live 15 min: the link's range ends before it starts (from is after to).",
    );
    await expect(page.getByRole('button', { name: '15 min', exact: true })).toHaveAttribute(
      'aria-pressed',
      'true',
    );
  });

  test('kiosk mode hides the controls and shows a clock and the live indicator', async ({ page, server }) => {
    await server.postEvents([...events(40, 200), ...events(6, 503), ...events(4, 486)]);
    await page.goto('/?kiosk');
    await expect(page.getByTestId('wall')).toBeVisible();
    await expect(page.getByTestId('controls')).toHaveCount(0);
    await expect(page.getByRole('navigation')).toHaveCount(0);
    await expect(page.getByRole('button')).toHaveCount(0);
    await expect(page.getByTestId('wall-clock')).toHaveText(/^\d\d:\d\d:\d\d \S+$/);
    await expect(page.getByTestId('freshness')).toHaveText(/Live · \d+ s/);
    await expect(page.getByTestId('kpi-failure-rate')).not.toHaveText('—');

    await waitForTicks(page, 2);
    await shot(page, 'wall.png');

    // The wall button on the overview leads to the same view.
    await page.goto('/');
    await page.getByRole('button', { name: /Wall mode/ }).click();
    await expect(page.getByTestId('wall')).toBeVisible();
    await expect(page).toHaveURL(/[?&]kiosk/);
  });

  test('stopping the server shows the disconnected notice; restarting brings the data back', async ({
    page,
    server,
  }) => {
    await server.postEvents([...events(15, 200), ...events(5, 503)]);
    await page.goto('/?kiosk');
    await expect(page.getByTestId('kpi-failure-rate')).toHaveText('25.0%');

    await server.stop();
    const stoppedAt = Date.now();
    const notice = page.getByTestId('connection-notice');
    await expect(notice).toBeVisible();
    await expect(notice).toContainText(/Disconnected — reconnecting|Data is stale since \d\d:\d\d:\d\d/);
    await expect(page.getByTestId('freshness')).not.toHaveAttribute('data-status', 'live');
    // Old figures look old: greyed, and the clock shows the time they are from.
    await expect(page.getByRole('main')).toHaveAttribute('data-dimmed', 'true');
    await expect(page.getByTestId('wall-clock')).toHaveText(/^as of \d\d:\d\d:\d\d \S+$/);
    const greyed = await page
      .getByTestId('tile-failure-rate')
      .evaluate((el) =>
        Number(el.ownerDocument.defaultView!.getComputedStyle(el.closest('.wall-kpis')!).opacity),
      );
    expect(greyed).toBeLessThan(0.5);
    await shot(page, 'wall-disconnected.png');
    // An outage long enough to be drawn (gaps under 5 s are not): the scenario, not an assertion.
    await page.waitForTimeout(Math.max(0, stoppedAt + 6_000 - Date.now()));

    await server.start();
    await expect(notice).toHaveCount(0, { timeout: 15_000 });
    await expect(page.getByTestId('freshness')).toHaveAttribute('data-status', 'live');
    await expect(page.getByTestId('kpi-failure-rate')).toHaveText('25.0%');
    await expect(page.getByRole('main')).not.toHaveAttribute('data-dimmed');
    await expect(page.getByTestId('wall-clock')).toHaveText(/^\d\d:\d\d:\d\d \S+$/);
    // The outage is a shaded band on the chart, not traffic falling to zero, and its text says so
    // (the time before the server's first start is one too).
    const chart = page.getByTestId('class-chart');
    await expect(chart.locator('figcaption')).toContainText(
      /Server not running .*, \d\d:\d\d:\d\d–\d\d:\d\d:\d\d/,
    );
    await expect(chart.locator('.server-gap')).toHaveCount(2);
    await expect(chart.getByText('server not running').first()).toBeVisible();
    await shot(page, 'wall-after-outage.png');
  });

  test('a hostile reason phrase appears as text', async ({ page, server }) => {
    await server.postEvents([
      ...events(3, 200),
      ...events(2, 503, { reason: XSS, raw: `SIP/2.0 503 ${XSS}` }),
    ]);
    await page.goto('/');
    // The aggregates keep counts per code, not phrases: the phrase a device sent shows on the
    // code's page, in its sample events and the list of phrases seen.
    const top = page.getByRole('table', { name: 'Top failure codes' });
    await top.getByRole('link', { name: /^503/ }).click();
    const sample = page.getByTestId('sample-event').first();
    await expect(sample.getByRole('cell', { name: XSS, exact: true })).toBeVisible();
    await expect(sample.locator('pre code')).toHaveText(`SIP/2.0 503 ${XSS}`);
    await expect(page.getByTestId('sent-phrases')).toContainText(XSS);
    await expect(page.locator('img')).toHaveCount(0);
  });
});
