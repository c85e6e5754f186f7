import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { DAY_MS, MINUTE_MS } from '@sipwatch/wire';
import { ManualClock } from '../clock.js';
import { CellTable } from '../core/cell-table.js';
import { encodeCells } from '../store/cell-codec.js';
import { publishOneEach, startClusterNode } from '../test-support/cluster-nodes.js';
import { postgresSuiteRuns, startPostgres } from '../test-support/postgres.js';
import type { TestPostgres } from '../test-support/postgres.js';
import { countCutoffs } from './count-retention.js';
import { upsertNodeRows } from './publisher.js';

const runs = postgresSuiteRuns('cluster retention suite');
let postgres: TestPostgres | undefined;
const cleanups: (() => Promise<void> | void)[] = [];
beforeAll(async () => {
  if (runs) postgres = await startPostgres();
}, 60_000);
afterAll(() => postgres?.stop());
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

/** Second or minute numbers of a node's published rows, oldest first. */
async function rowsOf(url: string, unit: 'second' | 'minute', nodeId: string): Promise<number[]> {
  const db = new pg.Client({ connectionString: url });
  await db.connect();
  try {
    const { rows } = await db.query<{ at: string }>(
      `SELECT ${unit}::text AS at FROM node_${unit}s WHERE node_id = $1 ORDER BY ${unit}`,
      [nodeId],
    );
    return rows.map((r) => Number(r.at));
  } finally {
    await db.end();
  }
}

describe.runIf(runs)('retention of the cluster counts', () => {
  it('prunes minutes past the retention, and a node with its clock a year ahead prunes nothing the others still show', async () => {
    const url = await postgres!.createDatabase();
    // Times around the real present: PostgreSQL's clock is one of the references.
    const today = Math.floor(Date.now() / MINUTE_MS) * MINUTE_MS - 10 * MINUTE_MS;
    const minute = (ms: number) => Math.floor(ms / MINUTE_MS);
    const clockA = new ManualClock(today);
    const a = await startClusterNode(url, 'node-a', clockA, cleanups);
    // A node gone for good left minutes of 40 and of 10 days ago.
    const db = new pg.Client({ connectionString: url });
    await db.connect();
    try {
      const old = { nodeId: 'old-node', bootId: randomUUID() };
      const cells = encodeCells(new CellTable());
      await upsertNodeRows(db, old, {
        rev: 1,
        seconds: [{ at: (today - 40 * DAY_MS) / 1000, cells }],
        minutes: [minute(today - 40 * DAY_MS), minute(today - 10 * DAY_MS)].map((at) => ({ at, cells })),
        dimensions: [],
        watermark: 0,
        flushedAt: 0,
      });
    } finally {
      await db.end();
    }

    // node-a publishes: past the 30-day retention goes, the rest stays.
    await publishOneEach([a], clockA, today);
    expect(await rowsOf(url, 'minute', 'old-node')).toEqual([minute(today - 10 * DAY_MS)]);
    expect(await rowsOf(url, 'second', 'old-node')).toEqual([]);
    expect(await rowsOf(url, 'second', 'node-a')).toEqual([today / 1000]);

    // node-b starts with its clock a year ahead and publishes: by its own clock everything above is
    // more than 30 days old, but PostgreSQL's clock says otherwise.
    const clockB = new ManualClock(today + 365 * DAY_MS);
    const b = await startClusterNode(url, 'node-b', clockB, cleanups);
    await publishOneEach([b], clockB, today + 365 * DAY_MS);
    expect(await rowsOf(url, 'minute', 'old-node')).toEqual([minute(today - 10 * DAY_MS)]);
    expect(await rowsOf(url, 'second', 'node-a')).toEqual([today / 1000]);
    expect(await rowsOf(url, 'second', 'node-b')).toEqual([(today + 365 * DAY_MS) / 1000]);
  });
});

describe('the cluster counts’ cutoffs', () => {
  it('count from the earlier of the node’s reference and the database’s clock', () => {
    const t = 1_800_000_000_000;
    const rule = { liveSeconds: 3600, retentionDays: 30 };
    const expected = { secondsBefore: t / 1000 - 3600, minutesBefore: (t - 30 * DAY_MS) / MINUTE_MS };
    expect(countCutoffs({ referenceNow: t, databaseNow: t + 365 * DAY_MS, ...rule })).toEqual(expected);
    expect(countCutoffs({ referenceNow: t + 365 * DAY_MS, databaseNow: t, ...rule })).toEqual(expected);
  });
});
