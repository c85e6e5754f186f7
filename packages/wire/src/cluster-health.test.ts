import { describe, expect, it } from 'vitest';
import { LATE_AFTER_MS, bootRows, clusterHeadline } from './cluster-health.js';

describe('cluster health', () => {
  const boot = (nodeId: string, startedAt: number, flushedAt: number | null) => ({
    nodeId,
    bootId: `${nodeId}-${startedAt}`,
    startedAt,
    watermark: flushedAt,
    flushedAt,
    self: false,
    alerts: 'standby' as const,
  });

  it('keeps a restarted node’s earlier run as ended, and a node that never published as waiting', () => {
    const rows = bootRows(
      {
        enabled: true,
        boots: [boot('a', 0, 5_000), boot('a', 10_000, 20_000), boot('c', 15_000, null)],
        alertLeader: 'a',
      },
      20_000 + LATE_AFTER_MS,
    );
    expect(rows.map((r) => [r.nodeId, r.startedAt, r.state, r.ageMs])).toEqual([
      ['c', 15_000, 'waiting', null],
      ['a', 10_000, 'publishing', LATE_AFTER_MS],
      ['a', 0, 'ended', 25_000],
    ]);
    expect(clusterHeadline(rows, 'a')).toBe(
      '2 nodes, 1 publishing; not yet published: c; alerts evaluated by a.',
    );
    expect(clusterHeadline(rows, null)).toMatch(/; no node evaluates the alerts\.$/);
  });
});
