import { expect, test } from '../fixtures/test.js';
import { events } from '../fixtures/events.js';
import { shot } from '../fixtures/screenshots.js';
import { waitForTicks } from '../fixtures/ticks.js';

/**
 * Normal traffic on four trunks, each with many cancelled calls (487 after CANCEL, left out of
 * the failure rate) and a few busy tones: counted as failures, the 487s would put every trunk
 * above the storm's.
 */
function normalTraffic() {
  return ['carrier-a', 'carrier-c', 'carrier-d'].flatMap((trunk) => [
    ...events(60, 200, { trunk }),
    ...events(60, 487, { trunk, reason: 'Request Terminated' }),
    ...events(5, 486, { trunk, reason: 'Busy Here' }),
  ]);
}

const STORM = () => events(40, 503, { trunk: 'carrier-b', reason: 'Service Unavailable' });
/** Cancelled calls a proxy reports late, stamped ten minutes back (still inside the wall's 15 minutes). */
const LATE_487S = () =>
  events(60, 487, { trunk: 'carrier-a', reason: 'Request Terminated', ts: Date.now() - 10 * 60_000 });
const STORM_LINE = '503 Service Unavailable from carrier-b';
const TOKEN = 'e2e-admin-token-0123456789abcdef';

/** A failure-rate rule on carrier-b: the storm (40 of its 60 counted finals) fires it. */
async function stormRule(url: string): Promise<void> {
  const res = await fetch(`${url}/api/v1/alerts/rules`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}` },
    body: JSON.stringify({
      name: 'carrier-b failing',
      metric: 'failure_rate',
      threshold: 0.5,
      window: '1m',
      pendingFor: '0s',
      severity: 'critical',
      scope: { trunk: 'carrier-b' },
    }),
  });
  expect(res.status, await res.text()).toBe(201);
}

test.describe('what is wrong now', () => {
  test.use({ serverEnv: { SIPWATCH_ADMIN_TOKEN: `noc-alice:${TOKEN}` } });

  test('a 503 storm on one trunk amid many 487s: the wall names it first, 487 never ranks', async ({
    page,
    server,
  }) => {
    await page.setViewportSize({ width: 1920, height: 1080 });
    await page.goto('/?kiosk');
    await expect(page.getByTestId('freshness')).toHaveAttribute('data-status', 'live');
    // Nothing sent yet: nothing is wrong, and the wall says so plainly.
    await expect(page.getByTestId('now-headline')).toHaveText('All trunks normal');
    await shot(page, 'wall-now-normal-1920.png');

    await stormRule(server.url);
    await server.postEvents([...normalTraffic(), ...events(20, 200, { trunk: 'carrier-b' })]);
    await waitForTicks(page, 1);
    await server.postEvents(LATE_487S());
    await server.postEvents(STORM());

    const first = page.getByTestId('now-slice').first();
    await expect(first).toContainText(STORM_LINE, { timeout: 10_000 });
    await expect(first).toContainText('13/min'); // 40 over the band's 3 minutes
    // The server has run for seconds: it knows no usual, and says so rather than "none usually".
    await expect(first).toContainText('No baseline yet');
    await expect(first).not.toContainText(/none usually|of the rise/);
    await expect(page.getByTestId('now-band')).toHaveAttribute('data-status', 'slices');
    await expect(page.getByTestId('now-firing')).toHaveText('Firing: carrier-b failing', { timeout: 10_000 });

    // The 15-minute list ranks failures only: 503 first, 487 apart as abandoned calls.
    const top = page.getByRole('table', { name: 'Top failure codes' });
    await expect(top.locator('tbody tr').first()).toHaveAttribute('data-code', '503');
    await expect(top.locator('tbody tr[data-code="487"]')).toHaveCount(0);
    await expect(top.locator('tbody tr').first().getByTestId('category-mark')).toHaveText('network');
    // The late 487s count with the others: 180 now and 60 stamped ten minutes back.
    await expect(page.getByTestId('top-failures-apart')).toContainText('abandoned 487 ×240');
    await expect(page.getByTestId('top-failures-apart')).toBeVisible();

    await waitForTicks(page, 1);
    await shot(page, 'wall-now-storm-1920.png');
    // A 4K wall opens at its size (a reload, as a wall browser starts).
    await page.setViewportSize({ width: 3840, height: 2160 });
    await page.reload();
    await expect(page.getByTestId('now-slice').first()).toContainText(STORM_LINE, { timeout: 10_000 });
    await waitForTicks(page, 1);
    await shot(page, 'wall-now-storm-3840.png');

    // The alert page says the same for the firing alert, inside its trunk.
    await page.setViewportSize({ width: 1600, height: 900 });
    await page.goto('/alerts');
    await expect(page.getByTestId('alert-explanation')).toContainText(`What changed: ${STORM_LINE}`);
  });

  test('the overview: the band above the tiles, the storm trunk on top, the link opens exactly that slice', async ({
    page,
    server,
  }) => {
    await page.goto('/');
    await expect(page.getByTestId('freshness')).toHaveAttribute('data-status', 'live');
    await server.postEvents([...normalTraffic(), ...events(20, 200, { trunk: 'carrier-b' })]);
    await waitForTicks(page, 1);
    await server.postEvents(STORM());

    const band = page.getByTestId('now-band');
    await expect(band.getByTestId('now-slice').first()).toContainText(STORM_LINE, { timeout: 10_000 });
    // Above the tiles.
    const bandBox = (await band.boundingBox())!;
    const tileBox = (await page.getByTestId('tile-failure-rate').boundingBox())!;
    expect(bandBox.y + bandBox.height).toBeLessThanOrEqual(tileBox.y);

    // The trunk table follows the ticks: the storm's trunk on top by failures (the 487s of the
    // others are not failures), within a refresh of the tiles.
    const trunks = page.getByRole('table', { name: 'Trunks' });
    await expect(trunks.locator('tbody tr').first()).toContainText('carrier-b', { timeout: 10_000 });
    const top = page.getByRole('table', { name: 'Top failure codes' });
    await expect(top.locator('tbody tr').first()).toHaveAttribute('data-code', '503');
    await expect(top.locator('tbody tr[data-code="487"]')).toHaveCount(0);
    await expect(page.getByTestId('top-failures-apart')).toContainText('abandoned 487 ×180');
    await shot(page, 'overview-now-storm.png');

    // The band's slice and the strip's both lead to exactly that slice's drill-down.
    const bandLink = new URL(
      (await band.getByTestId('now-slice-link').first().getAttribute('href'))!,
      server.url,
    );
    expect([bandLink.pathname, bandLink.searchParams.get('trunk')]).toEqual(['/codes/503', 'carrier-b']);
    const strip = page.getByTestId('what-changed');
    await expect(strip.getByTestId('what-changed-line')).toContainText(STORM_LINE, { timeout: 10_000 });
    await strip.getByTestId('what-changed-link').first().click();
    await expect(page).toHaveURL(/\/codes\/503\?/);
    const url = new URL(page.url());
    expect(url.searchParams.get('trunk')).toBe('carrier-b');
    expect(url.searchParams.get('source')).toBeNull();
    expect(url.searchParams.get('method')).toBeNull();
    await expect(page.getByTestId('code-title')).toContainText('503 Service Unavailable');
    await expect(page.getByTestId('code-count')).toContainText('40 in the range');
    await expect(page.locator('tr.selected')).toContainText('carrier-b');
  });
});
