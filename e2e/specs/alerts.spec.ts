import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test } from '../fixtures/test.js';
import { events } from '../fixtures/events.js';

const SHOTS = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../test-results/screenshots');
const XSS = '<img src=x onerror=alert(1)>';
const RULE = `503 storm ${XSS}`;
/** The server of every test in this file runs with an admin token (read when it starts). */
const TOKEN = 'e2e-admin-token-0123456789abcdef';

let previousToken: string | undefined;
test.beforeAll(() => {
  previousToken = process.env.SIPWATCH_ADMIN_TOKEN;
  // Named: an acknowledgement records the name of the token that made it.
  process.env.SIPWATCH_ADMIN_TOKEN = `noc-alice:${TOKEN}`;
});
test.afterAll(() => {
  if (previousToken === undefined) delete process.env.SIPWATCH_ADMIN_TOKEN;
  else process.env.SIPWATCH_ADMIN_TOKEN = previousToken;
});

test.describe('alerts against the real server', () => {
  test('a rule created in the UI fires on a 503 spike: banner, rules page and history', async ({
    page,
    server,
  }) => {
    await page.goto('/alerts');
    await expect(page.getByRole('heading', { name: /Alert rules/ })).toBeVisible();
    await expect(page.getByText('No rules yet.')).toBeVisible();

    // 503 count over 1m above 5, firing at once.
    await page.getByRole('button', { name: 'New rule' }).click();
    const form = page.getByRole('form', { name: 'New rule' });
    await form.getByLabel('Name', { exact: true }).fill(RULE);
    await form.getByLabel('Metric').selectOption('code_count');
    await form.getByLabel('Code', { exact: true }).fill('503');
    await form.getByLabel('Threshold').fill('5');
    await form.getByLabel('Window').fill('1m');
    await form.getByLabel('Pending for').fill('0s');
    await form.getByLabel('Severity').selectOption('critical');
    await form.getByLabel('Labels').fill(`team=${XSS}`);

    // Writes need the token: the page says so, and takes it.
    await form.getByRole('button', { name: 'Create rule' }).click();
    await expect(form.getByRole('alert').first()).toContainText('This change needs the admin token');
    await page.getByLabel('Admin token').fill(TOKEN);
    await page.getByRole('button', { name: 'Use token' }).click();
    await expect(page).not.toHaveURL(new RegExp(TOKEN));

    // The preview backtests on the stored rollups; a fresh server has none.
    await form.getByRole('button', { name: 'Preview on the last 24 hours' }).click();
    await expect(form.getByTestId('preview')).toContainText(
      'On the last 24 hours this rule would have fired 0 times.',
    );
    mkdirSync(SHOTS, { recursive: true });
    await form.screenshot({ path: path.join(SHOTS, 'alert-rule-form.png') });
    await form.getByRole('button', { name: 'Create rule' }).click();

    const row = page.getByTestId('rule-row');
    await expect(row).toHaveCount(1);
    await expect(row.getByRole('rowheader')).toContainText(RULE);
    await expect(row.getByTestId('alert-state')).toHaveText(/OK/);
    await expect(row).toContainText('503 responses > 5 over 1m');

    // Traffic through the real webhook: the overview's banner shows the critical alert.
    await page.getByRole('link', { name: 'Overview', exact: true }).click();
    await server.postEvents([...events(20, 503, { reason: 'Service Unavailable' }), ...events(10, 200)]);
    const banner = page.getByRole('region', { name: 'Firing alerts' });
    await expect(banner).toBeVisible({ timeout: 10_000 });
    await expect(banner).toHaveAttribute('data-severity', 'critical');
    await expect(banner).toContainText(`CRITICAL ${RULE}: 20 (threshold 5)`);
    await expect(banner).toContainText('firing since');
    await expect(page.getByTestId('kpi-alerts')).toHaveText('1');
    await page.screenshot({ path: path.join(SHOTS, 'alert-banner.png') });

    // The wall shows it too.
    await page.goto('/?kiosk');
    await expect(page.getByRole('region', { name: 'Firing alerts' })).toContainText(`CRITICAL ${RULE}`);
    await expect(page.getByTestId('wall')).toBeVisible();
    await page.screenshot({ path: path.join(SHOTS, 'alert-banner-wall.png') });

    // The rules page shows the state live; the history has the transition with value and threshold.
    await page.goto('/alerts');
    await expect(page.getByTestId('rule-row').getByTestId('alert-state')).toHaveText(/Firing/);
    await expect(page.getByTestId('rule-row').getByTestId('rule-value')).toContainText('20');
    await page.screenshot({ path: path.join(SHOTS, 'alert-rules.png'), fullPage: true });

    await page.getByRole('link', { name: 'Alert history' }).first().click();
    await expect(page).toHaveURL(/\/alerts\/history$/);
    const entry = page.getByTestId('history-row').filter({ hasText: RULE });
    await expect(entry).toHaveCount(1);
    await expect(entry).toHaveAttribute('data-state', 'firing');
    await expect(entry).toContainText('condition met');
    await expect(entry.locator('td').nth(3)).toHaveText('20');
    await expect(entry.locator('td').nth(4)).toHaveText('5');
    await page.getByLabel('Entered state').selectOption('resolved');
    await expect(page).toHaveURL(/state=resolved/);
    await expect(page.getByText('No state changes match.')).toBeVisible();

    // Nothing from the rule's text became markup anywhere on the way.
    await expect(page.locator('img')).toHaveCount(0);
  });

  test('acknowledging a firing alert shows who and why in the banner', async ({ page, server }) => {
    const created = await fetch(`${server.url}/api/v1/alerts/rules`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}` },
      body: JSON.stringify({
        name: 'Failure rate high',
        metric: 'failure_rate',
        threshold: 0.5,
        window: '1m',
        pendingFor: '0s',
      }),
    });
    expect(created.status).toBe(201);
    await server.postEvents(events(12, 503));

    await page.goto('/alerts');
    await expect(page.getByRole('region', { name: 'Firing alerts' })).toContainText(
      'WARNING Failure rate high: 100.0% (threshold 50.0%)',
      { timeout: 10_000 },
    );
    await page.getByLabel('Admin token').fill(TOKEN);
    await page.getByRole('button', { name: 'Use token' }).click();
    await page.getByRole('button', { name: 'Acknowledge Failure rate high' }).click();
    const ack = page.getByRole('form', { name: 'Acknowledge Failure rate high' });
    await ack.getByLabel('Note').fill('carrier ticket 4711');
    await ack.getByRole('button', { name: 'Acknowledge' }).click();
    await expect(page.getByRole('region', { name: 'Firing alerts' })).toContainText(
      'acknowledged by noc-alice: carrier ticket 4711',
    );

    // On the overview (same traffic as the rule: all), the class chart draws the rule's threshold
    // on the failure-rate axis and marks the moment it fired on the time axis.
    await page.getByRole('link', { name: 'Overview', exact: true }).click();
    const chart = page.getByTestId('class-chart');
    await expect(chart.locator('.recharts-reference-line')).toHaveCount(2, { timeout: 10_000 });
    await expect(chart.getByText('Failure rate high (50.0%)')).toBeVisible();
    mkdirSync(SHOTS, { recursive: true });
    await page.screenshot({ path: path.join(SHOTS, 'alert-threshold-line.png') });
  });
});
