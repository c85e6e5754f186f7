import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test } from '../fixtures/test.js';
import { hepCall, sendHep } from '../fixtures/hep.js';
import { formatDelay } from '@sipwatch/wire/metrics';

const SHOTS = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../test-results/screenshots');
const HOMER = 'https://homer.example/#/search?callid={callId}';

/** How many calls the server timed over the last 15 minutes. */
async function timedCalls(url: string): Promise<number> {
  const res = await fetch(`${url}/api/v1/timing?window=15m`);
  return ((await res.json()) as { total: { setup: { count: number } } }).total.setup.count;
}

test.use({
  serverConfig: {
    ingest: { trunks: [{ name: 'carrier-a', cidrs: ['203.0.113.0/24'] }] },
    capture: { callIdUrlTemplate: HOMER },
  },
});

test('calls captured over HEP fill the call setup timing; their Call-IDs link to the capture tool', async ({
  page,
  server,
}) => {
  await page.goto('/');
  await expect(page.getByTestId('timing-empty')).toContainText('Timing needs HEP capture');

  // Eight answered calls and two busy ones on carrier-a, all ringing after 1.5 s and ending 2.5 s in.
  const at = Date.now() - 10_000;
  const calls = Array.from({ length: 10 }, (_, i) =>
    hepCall(at + i * 100, { pddMs: 1_500, setupMs: 2_500, finalCode: i < 8 ? 200 : 486 }),
  );
  await sendHep(
    server.hepPort,
    calls.flatMap((c) => c.packets),
  );
  await expect.poll(() => timedCalls(server.url), { timeout: 5_000 }).toBe(10);

  await page.reload();
  const row = page.getByRole('table', { name: 'Call setup timing' }).getByTestId('timing-row');
  await expect(row).toHaveCount(1);
  await expect(row.locator('th, td')).toHaveText([
    'carrier-a',
    '10',
    '10',
    '1500 ms',
    '1500 ms',
    '2500 ms',
    '2500 ms',
  ]);

  // The chart of the window, step by step: every call fell in one or two 15 s steps.
  const chart = page.getByRole('figure', {
    name: /^Post-dial delay and setup time per 15 s step, p95 and p50, last 15 min, all trunks: PDD p95 highest 1\.5 s at \d\d:\d\d:\d\d, setup p95 highest 2\.5 s at \d\d:\d\d:\d\d$/,
  });
  await expect(chart).toBeVisible();
  await expect(chart.locator('.recharts-line')).toHaveCount(4);

  mkdirSync(SHOTS, { recursive: true });
  await page.getByTestId('timing-panel').screenshot({ path: path.join(SHOTS, 'timing.png') });

  // The minutes before: five calm minutes, a quiet minute, then calls ringing later and later. Two
  // calls a step, one faster than the other, so p50 and p95 differ.
  const run = (
    fromMinutesAgo: number,
    steps: number,
    delays: (s: number) => [pddMs: number, setupMs: number],
  ) =>
    Array.from({ length: steps }, (_, s) =>
      [1, 0.6].map((f, j) => {
        const [pddMs, setupMs] = delays(s);
        return hepCall(Date.now() - fromMinutesAgo * 60_000 + s * 15_000 + j * 100, {
          pddMs: pddMs * f,
          setupMs: setupMs * f,
        });
      }),
    ).flat();
  const earlier = [
    ...run(9, 20, (s) => [900 + (s % 3) * 100, 2_500 + (s % 4) * 200]),
    ...run(3, 8, (s) => [2_000 + s * 300, 5_000 + s * 500]),
  ];
  await sendHep(
    server.hepPort,
    earlier.flatMap((c) => c.packets),
  );
  await expect.poll(() => timedCalls(server.url), { timeout: 5_000 }).toBe(10 + earlier.length);
  await page.reload();
  const slower = page.getByRole('figure', { name: /PDD p95 highest [34]\.\d s at / });
  await expect(slower).toBeVisible();
  // The browser asks for the light theme; the dark one is a click away.
  await page.getByTestId('timing-panel').screenshot({ path: path.join(SHOTS, 'timing-chart-light.png') });
  await page.getByRole('button', { name: 'Switch to dark theme' }).click();
  // The tooltip of a step of the slow run.
  const box = (await slower.boundingBox())!;
  await slower.hover({ position: { x: box.width * 0.86, y: box.height / 2 } });
  // One call or several, as the 15 s steps fall against the run: the count of calls that rang.
  await expect(slower.locator('.chart-tooltip')).toContainText(/\d+ calls? rang/);
  await page.getByTestId('timing-panel').screenshot({ path: path.join(SHOTS, 'timing-chart-dark.png') });

  // The busy calls' drill-down links each Call-ID to the capture tool, in a new tab.
  await page.goto('/codes/486');
  const busy = calls[8]!.callId;
  const link = page.getByRole('link', { name: `Open call ${busy} in the capture tool` });
  await expect(link).toHaveAttribute('href', HOMER.replace('{callId}', encodeURIComponent(busy)));
  await expect(link).toHaveAttribute('target', '_blank');
  await expect(link).toHaveAttribute('rel', /noopener/);
});

test('the wall shows call timing by itself once HEP captured calls, and nothing before', async ({
  page,
  server,
}) => {
  const firstAnswer = page.waitForResponse((r) => r.url().includes('/api/v1/timing'));
  await page.goto('/?kiosk');
  await firstAnswer;
  await expect(page.getByTestId('wall')).toBeVisible();
  await expect(page.getByTestId('wall-timing')).toHaveCount(0);

  // Nine calls ringing fast, three slow to ring; some answered, some busy or failed.
  const at = Date.now() - 20_000;
  const calls = [
    ...Array.from({ length: 9 }, (_, i) =>
      hepCall(at + i * 100, { pddMs: 1_200, setupMs: 3_500, finalCode: i < 7 ? 200 : 486 }),
    ),
    ...Array.from({ length: 3 }, (_, i) =>
      hepCall(at + 1_000 + i * 100, { pddMs: 4_800, setupMs: 9_000, finalCode: i < 2 ? 200 : 503 }),
    ),
  ];
  await sendHep(
    server.hepPort,
    calls.flatMap((c) => c.packets),
  );
  const timing = async () => {
    const res = await fetch(`${server.url}/api/v1/timing?window=15m`);
    return (await res.json()) as {
      total: Record<'pdd' | 'setup', { p50: number; p95: number; count: number }>;
    };
  };
  await expect.poll(async () => (await timing()).total.setup.count, { timeout: 5_000 }).toBe(12);
  const { total } = await timing();

  // No reload: the wall asks again by itself (every 10 s, as the overview's panel does).
  const block = page.getByRole('region', { name: 'Call timing' });
  await expect(block).toBeVisible({ timeout: 15_000 });
  // Seconds to a tenth on the wall ("4.8 s"), read across a room.
  await expect(page.getByTestId('wall-pdd-p95')).toHaveText(formatDelay(total.pdd.p95));
  await expect(page.getByTestId('wall-pdd-sub')).toHaveText(`p50 ${formatDelay(total.pdd.p50)} 12 calls`);
  await expect(page.getByTestId('wall-setup-p95')).toHaveText(formatDelay(total.setup.p95));
  await expect(page.getByTestId('wall-worst-trunk')).toHaveText([`carrier-a${formatDelay(total.pdd.p95)}`]);
  await expect(block).toHaveAttribute('data-stale', 'false');

  mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SHOTS, 'wall-timing.png') });
});
