import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { T0 } from '@sipwatch/testing';
import { ManualClock } from '../clock.js';
import { publishOneEach, startClusterNode } from '../test-support/cluster-nodes.js';
import type { LiveApp } from '../test-support/live-app.js';
import { postgresSuiteRuns, startPostgres } from '../test-support/postgres.js';
import type { TestPostgres } from '../test-support/postgres.js';

const runs = postgresSuiteRuns('cluster metrics suite');
let postgres: TestPostgres | undefined;
const cleanups: (() => Promise<void> | void)[] = [];
beforeAll(async () => {
  if (runs) postgres = await startPostgres();
}, 60_000);
afterAll(() => postgres?.stop());
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

/** The sample lines of the sipwatch_cluster_* metrics, as Prometheus would scrape them. */
async function clusterLines(live: LiveApp): Promise<string[]> {
  const text = await (await fetch(`${live.base}/metrics`)).text();
  return text.split('\n').filter((l) => l.startsWith('sipwatch_cluster_'));
}

describe.runIf(runs)('/metrics on a cluster node', () => {
  it('counts the nodes that publish, gives each one’s publish age and second, and says when the database is out of reach', async () => {
    const url = await postgres!.createDatabase();
    const clock = new ManualClock(T0);
    const a = await startClusterNode(url, 'node-a', clock, cleanups);
    const b = await startClusterNode(url, 'node-b', clock, cleanups);
    await publishOneEach([a, b], clock, T0);
    const watermark = (T0 + 1_000) / 1000;
    expect(await clusterLines(b)).toEqual([
      'sipwatch_cluster_database_reachable 1',
      'sipwatch_cluster_nodes{state="publishing"} 2',
      'sipwatch_cluster_nodes{state="late"} 0',
      'sipwatch_cluster_nodes{state="waiting"} 0',
      'sipwatch_cluster_alert_leaders 1',
      'sipwatch_cluster_publish_age_seconds{node="node-a"} 0',
      'sipwatch_cluster_publish_age_seconds{node="node-b"} 0',
      `sipwatch_cluster_watermark_seconds{node="node-a"} ${watermark}`,
      `sipwatch_cluster_watermark_seconds{node="node-b"} ${watermark}`,
      'sipwatch_cluster_outbox_rows 0',
      'sipwatch_cluster_outbox_oldest_age_seconds 0',
    ]);

    // 30 s on, only node-b published again: node-a is late, 30 s behind.
    await publishOneEach([b], clock, T0 + 30_000);
    const lines = await clusterLines(b);
    expect(lines).toContain('sipwatch_cluster_nodes{state="publishing"} 1');
    expect(lines).toContain('sipwatch_cluster_nodes{state="late"} 1');
    expect(lines).toContain('sipwatch_cluster_publish_age_seconds{node="node-a"} 30');
    expect(lines).toContain(`sipwatch_cluster_watermark_seconds{node="node-b"} ${(T0 + 31_000) / 1000}`);

    // The database refuses every connection: the scrape still answers, and says so.
    const admin = new pg.Client({ connectionString: postgres!.url() });
    await admin.connect();
    try {
      const name = new URL(url).pathname.slice(1);
      await admin.query(`ALTER DATABASE "${name}" ALLOW_CONNECTIONS false`);
      await admin.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1', [name]);
      const refused = await clusterLines(b);
      expect(refused).toEqual([
        'sipwatch_cluster_database_reachable 0',
        'sipwatch_cluster_alert_leaders 0',
        'sipwatch_cluster_outbox_rows 0',
        'sipwatch_cluster_outbox_oldest_age_seconds 0',
      ]);
      await admin.query(`ALTER DATABASE "${name}" ALLOW_CONNECTIONS true`);
    } finally {
      await admin.end();
    }
  });
});
