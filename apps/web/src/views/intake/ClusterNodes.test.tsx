import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { cleanup, screen, within } from '@testing-library/react';
import { T0 } from '@sipwatch/testing';
import { ManualClock } from '../../../../server/src/clock.js';
import { publishOneEach, startClusterNode } from '../../../../server/src/test-support/cluster-nodes.js';
import type { TestPostgres } from '../../../../server/src/test-support/postgres.js';
import { postgresSuiteRuns, startPostgres } from '../../../../server/src/test-support/postgres.js';
import { createHttpApi } from '../../api/client';
import { renderApp } from '../../test/render';
import { withoutSignals } from '../../test/real-server';

const runs = postgresSuiteRuns('The cluster panel test');
const cleanups: (() => Promise<void> | void)[] = [];
let postgres: TestPostgres | undefined;
beforeAll(async () => {
  if (runs) postgres = await startPostgres();
}, 60_000);
afterAll(() => postgres?.stop());
afterEach(async () => {
  cleanup();
  while (cleanups.length) await cleanups.pop()!();
});

describe.runIf(runs)('the cluster panel on the intake page', () => {
  it('lists every node, marks the one answering, and names a node that stopped publishing', async () => {
    const url = await postgres!.createDatabase();
    const clock = new ManualClock(T0);
    const a = await startClusterNode(url, 'node-a', clock, cleanups);
    const b = await startClusterNode(url, 'node-b', clock, cleanups);
    await publishOneEach([a, b], clock, T0);
    // 30 s later only node-b publishes again.
    await publishOneEach([b], clock, T0 + 30_000);

    renderApp('/intake', { api: withoutSignals(createHttpApi(b.base)) });
    // Which node took the alert lead first is up to PostgreSQL.
    expect(await screen.findByTestId('cluster-headline')).toHaveTextContent(
      /^2 nodes, 1 publishing; no publish for over 10 s from node-a; (alerts evaluated by node-[ab]|no node evaluates the alerts)\.$/,
    );
    const rows = screen
      .getAllByTestId('cluster-node')
      .map((r) => [
        within(r).getByRole('rowheader').textContent,
        within(r).getAllByRole('cell')[0]!.textContent,
      ]);
    expect(rows).toEqual([
      ['node-a', 'Late'],
      ['node-b (this node)', 'Publishing'],
    ]);
  });
});
