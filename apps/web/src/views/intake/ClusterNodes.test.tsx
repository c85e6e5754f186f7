import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { cleanup, screen, within } from '@testing-library/react';
import { T0, sipEvent } from '@sipwatch/testing';
import { ManualClock } from '../../../../server/src/clock.js';
import type { LiveApp } from '../../../../server/src/test-support/live-app.js';
import { startLiveApp, tempDir } from '../../../../server/src/test-support/live-app.js';
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

async function node(url: string, nodeId: string, clock: ManualClock): Promise<LiveApp> {
  const dir = tempDir();
  const live = await startLiveApp(dir.dir, {
    clock,
    config: { http: { webRoot: dir.dir }, cluster: { postgresUrl: url, nodeId } },
  });
  cleanups.push(() => dir.cleanup());
  cleanups.push(() => live.stop());
  return live;
}

describe.runIf(runs)('the cluster panel on the intake page', () => {
  it('lists every node, marks the one answering, and names a node that stopped publishing', async () => {
    const url = await postgres!.createDatabase();
    const clock = new ManualClock(T0);
    const a = await node(url, 'node-a', clock);
    const b = await node(url, 'node-b', clock);
    const publish = async (nodes: LiveApp[], at: number) => {
      for (const [i, n] of nodes.entries())
        n.app.ingest([sipEvent({ ts: at + 200, receivedAt: at + 200, code: 200, callId: `${at}-${i}` })]);
      clock.set(at + 1_000);
      for (const n of nodes) {
        n.app.tickNow();
        expect(n.app.flushNow().ok).toBe(true);
        await n.app.cluster!.settled();
      }
    };
    await publish([a, b], T0);
    // 30 s later only node-b publishes again.
    await publish([b], T0 + 30_000);

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
