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
    await expect(row.getByTestId('alert-state')).toHaveText(/OK|No data/); // no traffic yet: no data once evaluated
    await expect(row).toContainText('503 responses > 5 over 1m');

    // The server's refusal reaches the form in its one error shape: the field and the reason.
    await page.getByRole('button', { name: 'New rule' }).click();
    const twin = page.getByRole('form', { name: 'New rule' });
    await twin.getByLabel('Name', { exact: true }).fill(RULE);
    await twin.getByLabel('Metric').selectOption('code_count');
    await twin.getByLabel('Code', { exact: true }).fill('503');
    await twin.getByLabel('Threshold').fill('5');
    await twin.getByRole('button', { name: 'Create rule' }).click();
    await expect(twin.getByTestId('form-errors')).toContainText('name: is taken by rule');
    await twin.getByRole('button', { name: 'Cancel' }).click();
    await expect(row).toHaveCount(1);

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
    // The banner leads to the slice: the 503 page, in a live window that shows the firing began.
    await banner.getByRole('link', { name: `Look into ${RULE}` }).click();
    await expect(page).toHaveURL(/\/codes\/503(\?|$)/);
    await expect(page.getByTestId('code-title')).toHaveText('503 Service Unavailable');

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

  test('the rule form catches a misspelt trunk and shows a flapping rule against its threshold', async ({
    page,
    server,
  }) => {
    // The last 20 minutes on carrier-c: steady answered calls, and three 2-minute 503 bursts six
    // minutes apart, stamped by the sender (within the hour the server believes).
    const now = Date.now();
    const minute = 60_000;
    const past: Record<string, unknown>[] = [];
    for (let m = 20; m >= 2; m--) {
      const ts = now - m * minute;
      past.push(...events(10, 200, { trunk: 'carrier-c', ts }));
      if ([17, 16, 11, 10, 5, 4].includes(m)) past.push(...events(30, 503, { trunk: 'carrier-c', ts }));
    }
    await server.postEvents(past);

    await page.goto('/alerts');
    await page.getByLabel('Admin token').fill(TOKEN);
    await page.getByRole('button', { name: 'Use token' }).click();
    await page.getByRole('button', { name: 'New rule' }).click();
    const form = page.getByRole('form', { name: 'New rule' });
    await form.getByLabel('Name', { exact: true }).fill('carrier-c failing');
    await form.getByLabel('Threshold').fill('0.3');
    await form.getByLabel('Window').fill('1m');
    await form.getByLabel('Pending for').fill('30s');
    await form.getByLabel('No data means').selectOption('ok');

    // The trunk typed with an underscore was never seen: the form says so and offers the real one.
    await form.getByLabel('Trunk').fill('carrier_c');
    const warning = form.getByTestId('unseen-scope.trunk');
    await expect(warning).toContainText('No trunk named “carrier_c” was seen in the last 24 hours.');
    await warning.getByRole('button', { name: 'carrier-c' }).click();
    await expect(form.getByLabel('Trunk')).toHaveValue('carrier-c');
    await expect(warning).toHaveCount(0);

    await form.getByRole('button', { name: 'Preview on the last 24 hours' }).click();
    const preview = form.getByTestId('preview');
    await expect(preview).toContainText('On the last 24 hours this rule would have fired 3 times.');
    await expect(form.getByTestId('preview-peak')).toContainText(
      /^Peak 75\.0% at .*, against a threshold of 30\.0%\.$/,
    );
    await expect(form.getByTestId('preview-resolution')).toContainText(
      'a pending time of 30s acts as whole minutes',
    );
    await expect(form.getByTestId('preview-flapping')).toContainText(
      'This rule flaps: 3 of its 3 firings came back within 15 minutes of the one before.',
    );
    // The picture: the threshold line, labelled, and one shaded band per firing.
    const chart = preview.getByRole('img', { name: 'The rule replayed against its threshold' });
    await expect(chart.getByText('threshold 30.0%')).toBeVisible();
    await expect(chart.locator('.recharts-reference-area')).toHaveCount(3);
    mkdirSync(SHOTS, { recursive: true });
    await form.screenshot({ path: path.join(SHOTS, 'alert-rule-preview-flapping.png') });
  });
});
