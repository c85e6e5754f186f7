import { Gauge } from 'prom-client';
import type { Registry } from 'prom-client';
import { bootRows } from '@sipwatch/wire';
import type { BootRow, BootState, ClusterBootView } from '@sipwatch/wire';

const CURRENT_STATES: readonly Exclude<BootState, 'ended'>[] = ['publishing', 'late', 'waiting'];

/**
 * The cluster as /metrics shows it, read from PostgreSQL at each scrape (one small query): how many
 * nodes publish, and per node how long ago it last did and up to which second, so an alert on a
 * dead or cut-off node needs nothing but Prometheus. The states are the dashboard's (wire
 * `bootRows`).
 */
export function registerClusterMetrics(
  registry: Registry,
  source: {
    boots(): Promise<ClusterBootView[]>;
    now(): number;
    /** This node's outbox in its SQLite file (publisher.outboxed). */
    outbox(): { rows: number; oldestSecond: number | null };
  },
): void {
  // prom-client starts every metric's collect() in registration order in one pass, so the first
  // gauge's read serves the other three of the same scrape.
  let rows: Promise<BootRow[] | null> = Promise.resolve(null);
  const readAgain = (): Promise<BootRow[] | null> => {
    const now = source.now();
    rows = source.boots().then(
      (boots) =>
        bootRows({ enabled: true, boots, alertLeader: null }, now).filter((r) => r.state !== 'ended'),
      () => null,
    );
    return rows;
  };

  new Gauge({
    name: 'sipwatch_cluster_database_reachable',
    help: 'Whether this node could read the cluster database when scraped (1) or not (0).',
    registers: [registry],
    async collect() {
      this.set((await readAgain()) === null ? 0 : 1);
    },
  });
  new Gauge({
    name: 'sipwatch_cluster_nodes',
    help: "The cluster's nodes (their current runs) by state: publishing, late (no publish for over 10 s), waiting (not yet published).",
    labelNames: ['state'] as const,
    registers: [registry],
    async collect() {
      const read = await rows;
      this.reset();
      if (read === null) return;
      for (const state of CURRENT_STATES) this.set({ state }, read.filter((r) => r.state === state).length);
    },
  });
  new Gauge({
    name: 'sipwatch_cluster_alert_leaders',
    help: 'Nodes evaluating the cluster alerts now: 1, or 0 while no node holds the lead (no alert can fire) or the database cannot be read.',
    registers: [registry],
    async collect() {
      const read = await rows;
      this.reset();
      if (read !== null) this.set(read.filter((r) => r.alerts === 'leader').length);
    },
  });
  new Gauge({
    name: 'sipwatch_cluster_publish_age_seconds',
    help: "Seconds since each node's current run last published its counts, by this node's clock.",
    labelNames: ['node'] as const,
    registers: [registry],
    async collect() {
      const read = await rows;
      this.reset();
      for (const r of read ?? []) if (r.ageMs !== null) this.set({ node: r.nodeId }, r.ageMs / 1000);
    },
  });
  new Gauge({
    name: 'sipwatch_cluster_watermark_seconds',
    help: "The end of the newest closed second each node's current run published (Unix time, seconds).",
    labelNames: ['node'] as const,
    registers: [registry],
    async collect() {
      const read = await rows;
      this.reset();
      for (const r of read ?? []) if (r.watermark !== null) this.set({ node: r.nodeId }, r.watermark / 1000);
    },
  });
  // This node's own: read from memory, so they answer while PostgreSQL does not.
  new Gauge({
    name: 'sipwatch_cluster_outbox_rows',
    help: "Rows (seconds, minutes, names) this node could not publish yet, waiting in its SQLite file's outbox.",
    registers: [registry],
    collect() {
      this.set(source.outbox().rows);
    },
  });
  new Gauge({
    name: 'sipwatch_cluster_outbox_oldest_age_seconds',
    help: "Age of the oldest second held in this node's outbox, by this node's clock (0 when it is empty).",
    registers: [registry],
    collect() {
      const { oldestSecond } = source.outbox();
      this.set(oldestSecond === null ? 0 : Math.max(0, source.now() / 1000 - oldestSecond));
    },
  });
}
