import type { ClusterBootView, ClusterResponse } from './cluster.js';

/**
 * What the dashboard and /metrics say about each run of each cluster node: publishing, late (no publish for
 * a while: dead, cut off from PostgreSQL, or stuck), not yet published, or ended (the node started
 * again since; its counts stay in the history).
 */
export type BootState = 'publishing' | 'late' | 'waiting' | 'ended';

/** A node that has not published for this long is late: several flush intervals (1 s by default). */
export const LATE_AFTER_MS = 10_000;

export interface BootRow extends ClusterBootView {
  state: BootState;
  /** ms since its last publish, by the answering server's clock; null before its first. */
  ageMs: number | null;
}

const ORDER: Record<BootState, number> = { late: 0, waiting: 1, publishing: 2, ended: 3 };

export function bootRows(cluster: ClusterResponse, now: number): BootRow[] {
  const newest = new Map<string, number>();
  for (const b of cluster.boots)
    newest.set(b.nodeId, Math.max(newest.get(b.nodeId) ?? -Infinity, b.startedAt));
  return cluster.boots
    .map((b): BootRow => {
      const ageMs = b.flushedAt === null ? null : Math.max(0, now - b.flushedAt);
      const state: BootState =
        b.startedAt < newest.get(b.nodeId)!
          ? 'ended'
          : ageMs === null
            ? 'waiting'
            : ageMs > LATE_AFTER_MS
              ? 'late'
              : 'publishing';
      return { ...b, state, ageMs };
    })
    .sort(
      (a, b) =>
        ORDER[a.state] - ORDER[b.state] || a.nodeId.localeCompare(b.nodeId) || b.startedAt - a.startedAt,
    );
}

/** One sentence: how many nodes publish, which do not, and which evaluates the alerts. */
export function clusterHeadline(rows: BootRow[], alertLeader: string | null): string {
  const current = rows.filter((r) => r.state !== 'ended');
  const publishing = current.filter((r) => r.state === 'publishing').length;
  const parts = [`${current.length} ${current.length === 1 ? 'node' : 'nodes'}, ${publishing} publishing`];
  const late = current.filter((r) => r.state === 'late').map((r) => r.nodeId);
  if (late.length > 0) parts.push(`no publish for over ${LATE_AFTER_MS / 1000} s from ${late.join(', ')}`);
  const waiting = current.filter((r) => r.state === 'waiting').map((r) => r.nodeId);
  if (waiting.length > 0) parts.push(`not yet published: ${waiting.join(', ')}`);
  parts.push(alertLeader === null ? 'no node evaluates the alerts' : `alerts evaluated by ${alertLeader}`);
  return `${parts.join('; ')}.`;
}
