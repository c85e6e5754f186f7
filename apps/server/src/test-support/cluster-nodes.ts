import { expect } from 'vitest';
import { sipEvent } from '@sipwatch/testing';
import type { ManualClock } from '../clock.js';
import { startLiveApp, tempDir } from './live-app.js';
import type { LiveApp } from './live-app.js';

/**
 * A cluster node on `url` with its own SQLite directory and the test's clock; `cleanups` gets what
 * stops it and removes the directory (run them last first).
 */
export async function startClusterNode(
  url: string,
  nodeId: string,
  clock: ManualClock,
  cleanups: (() => Promise<void> | void)[],
): Promise<LiveApp> {
  const dir = tempDir();
  const live = await startLiveApp(dir.dir, {
    clock,
    config: { http: { webRoot: dir.dir }, cluster: { postgresUrl: url, nodeId } },
  });
  cleanups.push(() => dir.cleanup());
  cleanups.push(() => live.stop());
  return live;
}

/**
 * One 200 on each node in the second starting at `at` (the clock set there), then the clock to the end of it and each
 * node ticked, flushed and its publish committed: each node's run shows as published up to there.
 */
export async function publishOneEach(nodes: LiveApp[], clock: ManualClock, at: number): Promise<void> {
  clock.set(at + 200);
  for (const [i, n] of nodes.entries())
    n.app.ingest([sipEvent({ ts: at + 200, receivedAt: at + 200, code: 200, callId: `${at}-${i}` })]);
  clock.set(at + 1_000);
  for (const n of nodes) {
    n.app.tickNow();
    expect(n.app.flushNow().ok).toBe(true);
    await n.app.cluster!.settled();
  }
}
