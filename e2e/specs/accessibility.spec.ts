import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { expect, test } from '../fixtures/test.js';
import { events } from '../fixtures/events.js';

const SHOTS = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../test-results/screenshots');

/** Every page of the dashboard, with what shows it has loaded. */
const PAGES: { path: string; ready: (page: Page) => Promise<void> }[] = [
  { path: '/', ready: (p) => expect(p.getByTestId('kpi-failure-rate')).not.toHaveText('—') },
  { path: '/?kiosk', ready: (p) => expect(p.getByTestId('wall')).toBeVisible() },
  { path: '/codes', ready: (p) => expect(p.getByRole('heading', { level: 1 })).toBeVisible() },
  { path: '/codes/503', ready: (p) => expect(p.getByTestId('sample-event').first()).toBeVisible() },
  { path: '/classes/4xx', ready: (p) => expect(p.getByRole('heading', { level: 1 })).toBeVisible() },
  { path: '/alerts', ready: (p) => expect(p.getByRole('heading', { name: /Alert rules/ })).toBeVisible() },
  {
    path: '/alerts/history',
    ready: (p) => expect(p.getByRole('heading', { name: 'Alert history' })).toBeVisible(),
  },
  { path: '/intake', ready: (p) => expect(p.getByTestId('feed-row').first()).toBeVisible() },
];

async function traffic(server: { postEvents(e: Record<string, unknown>[]): Promise<unknown> }) {
  await server.postEvents([
    ...events(40, 200, { trunk: 'carrier-a' }),
    ...events(6, 503, { trunk: 'carrier-b', reason: 'Service Unavailable' }),
    ...events(4, 486, { trunk: 'carrier-a' }),
    ...events(5, 487, { trunk: 'carrier-a' }),
    ...events(3, 401, { trunk: 'carrier-b', method: 'REGISTER' }),
  ]);
}

/** Serious and critical findings only, each as "rule: target" so a failure names the element. */
async function seriousFindings(page: Page): Promise<string[]> {
  const result = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
    .analyze();
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .flatMap((v) =>
      v.nodes.map(
        (n) => `${v.id}: ${n.target.join(' ')} (${n.failureSummary?.split('\n')[1]?.trim() ?? ''})`,
      ),
    );
}

for (const theme of ['dark', 'light'] as const) {
  test(`axe finds nothing serious on any page in the ${theme} theme`, async ({ page, server }) => {
    await page.addInitScript(`localStorage.setItem('sipwatch.theme', '${theme}')`);
    await traffic(server);
    const findings: string[] = [];
    for (const { path: where, ready } of PAGES) {
      await page.goto(where);
      await ready(page);
      for (const f of await seriousFindings(page)) findings.push(`${where} ${f}`);
    }
    expect(findings).toEqual([]);
  });
}

test('at 390 px wide no page scrolls sideways, and axe still finds nothing serious', async ({
  page,
  server,
}) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await traffic(server);
  mkdirSync(SHOTS, { recursive: true });
  const wide: string[] = [];
  for (const { path: where, ready } of PAGES.filter((p) => !p.path.includes('kiosk'))) {
    await page.goto(where);
    await ready(page);
    const { scroll, width } = await page.evaluate<{ scroll: number; width: number }>(
      '({ scroll: document.documentElement.scrollWidth, width: document.documentElement.clientWidth })',
    );
    if (scroll > width) wide.push(`${where}: ${scroll} px wide in ${width}`);
    for (const f of await seriousFindings(page)) wide.push(`${where} ${f}`);
    if (where === '/' || where === '/codes/503' || where === '/intake')
      await page.screenshot({
        path: path.join(SHOTS, `narrow${where.replace(/\W+/g, '-')}.png`),
        fullPage: true,
      });
  }
  expect(wide).toEqual([]);

  // The controls fold behind one button saying what they are set to, so the figures come sooner.
  await page.goto('/?range=5m&trunk=carrier-b');
  const toggle = page.getByRole('button', { name: 'Range and filters: 5 min · trunk carrier-b' });
  await expect(toggle).toBeVisible();
  await expect(page.getByRole('button', { name: '1 hour' })).toBeHidden();
  const folded = await page.getByTestId('controls').boundingBox();
  expect(folded!.height).toBeLessThan(60);
  await toggle.click();
  await expect(page.getByRole('button', { name: '1 hour' })).toBeVisible();
  await page.screenshot({ path: path.join(SHOTS, 'narrow-toolbar-open.png') });
});

test('the class chart has a text alternative with its figures, and its zoom handles say what they hold', async ({
  page,
  server,
}) => {
  await traffic(server);
  await page.goto('/');
  await expect(page.getByTestId('kpi-failure-rate')).not.toHaveText('—');
  // The server started seconds ago: the chart's time before that is a gap, and says so.
  await expect(page.getByTestId('class-chart-text')).toHaveText(
    /^Peak \d.* responses per second at \d\d:\d\d:\d\d, latest .* Failure rate peaked at \d+\.\d% at \d\d:\d\d:\d\d, latest \d+\.\d%\. Server not running \d\d:\d\d:\d\d–\d\d:\d\d:\d\d: no data there, not zero traffic\.$/,
  );
  const handles = page.getByTestId('class-chart').locator('.recharts-brush-traveller');
  await expect(handles).toHaveCount(2);
  for (const label of await handles.evaluateAll((els) => els.map((e) => e.getAttribute('aria-label'))))
    expect(label).toBe('Zoom handles: the whole range; move with the arrow keys to select a span');
});
