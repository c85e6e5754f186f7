import { expect, test } from '@playwright/test';
import { events } from '../fixtures/events.js';
import { SipwatchServer } from '../fixtures/server.js';
// The one throwaway-PostgreSQL helper, shared with the server's cluster suite.
import { postgresSuiteRuns, startPostgres } from '../../apps/server/src/test-support/postgres.js';
import type { TestPostgres } from '../../apps/server/src/test-support/postgres.js';

/**
 * Two real `node dist/main.js` nodes on one real PostgreSQL, a browser on node b: what node a
 * counts shows on b's dashboard (issue 14). Each node flushes and publishes every second; b's
 * mirror reads a's rows on the NOTIFY and its next tick carries them.
 */
const runs = postgresSuiteRuns('cluster e2e');
let postgres: TestPostgres | undefined;
const nodes: SipwatchServer[] = [];

test.beforeAll(async () => {
  if (runs) postgres = await startPostgres();
});
test.afterAll(() => postgres?.stop());
test.afterEach(async () => {
  for (const n of nodes.splice(0)) await n.dispose();
});

test.describe('cluster', () => {
  test.skip(!runs, 'PostgreSQL 15 is not installed');

  test("node b's dashboard shows the events sent to node a", async ({ page }) => {
    const url = await postgres!.createDatabase();
    const [a, b] = ['a', 'b'].map(
      (id) => new SipwatchServer(undefined, { SIPWATCH_CLUSTER_URL: url, SIPWATCH_NODE_ID: id }),
    ) as [SipwatchServer, SipwatchServer];
    nodes.push(a, b);
    await Promise.all([a.start(), b.start()]);

    await page.goto(b.url);
    await expect(page.getByTestId('freshness')).toHaveAttribute('data-status', 'live');
    await a.postEvents([...events(30, 200), ...events(10, 503, { reason: 'Service Unavailable' })]);
    await b.postEvents(events(5, 486));

    // A bound on the wait, not a measure: a's flush, the publish and b's next tick.
    await expect(page.getByTestId('class-count-2xx')).toHaveText('30', { timeout: 5_000 });
    await expect(page.getByTestId('class-count-5xx')).toHaveText('10');
    await expect(page.getByTestId('class-count-4xx')).toHaveText('5');
    // The chart too: a's seconds came after b had drawn them, as revised points.
    await expect(page.getByTestId('class-chart')).toHaveAttribute('data-responses', '45', { timeout: 5_000 });
  });
});
