import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import pg from 'pg';
import type { Clock } from '../clock.js';
import type { Config } from '../config.js';
import { minGapFor } from '../core/run-gaps.js';
import type { Aggregator, DirtySet, TimedTable } from '../core/aggregator.js';
import { CellTable, cellsWithout } from '../core/cell-table.js';
import type { Logger } from '../logger.js';
import { encodeCells } from '../store/cell-codec.js';
import type { SqliteOutbox } from '../store/outbox.js';
import type { CallsWrite, Store } from '../store/store.js';
import type { ClusterPublishing, Readiness } from '../pipeline-runtime.js';
import { SECOND_MS } from '@sipwatch/wire';
import { ClusterCalls } from './cluster-calls.js';
import { ClusterQueries } from './cluster-queries.js';
import { NodePublisher } from './publisher.js';
import { CountRetention } from './count-retention.js';
import { RemoteMirror } from './remote-mirror.js';
import type { RemoteSeconds } from '../core/remote-seconds.js';
import { migrateCluster } from './schema.js';

/**
 * This process as one node of a cluster on PostgreSQL (cluster.postgresUrl): it publishes what
 * each local flush wrote, and answers reads for the whole cluster. See docs/cluster.md.
 */
export interface ClusterNode {
  readonly nodeId: string;
  /** New with every process start: a node never touches the rows of its previous run. */
  readonly bootId: string;
  /** cluster.postgresUrl, and the node's pool on it (the alert session and Socket.IO adapter use them). */
  readonly url: string;
  readonly pool: pg.Pool;
  readonly publisher: NodePublisher;
  /** Reads that answer for the whole cluster. */
  readonly queries: ClusterQueries;
  /** The other nodes' live seconds, read into memory for the live stream (see RemoteMirror). */
  readonly mirror: RemoteMirror | undefined;
  /** The cluster's kept calls: this node's on their way to PostgreSQL, and every node's read back. */
  readonly calls: ClusterCalls;
  /** Called once the local store has written a flush: its changes (and kept calls) go to PostgreSQL. */
  written(dirty: DirtySet, calls?: CallsWrite): void;
  /** /readyz on a cluster node: not ready while publishes fail and rows wait (in memory or the outbox). */
  readiness(local: Readiness): Readiness;
  /** Resolves when every publish asked for so far is done (tests, shutdown). */
  settled(): Promise<void>;
  close(): Promise<void>;
}

export interface ClusterNodeDeps {
  clock: Clock;
  logger: Logger;
  aggregator: Aggregator;
  /** The local store: what it held at start was counted by earlier boots (see BootCounts). */
  store: Pick<Store, 'readMinutes' | 'loadState'>;
  /** The outbox in the local SQLite file (its table is made on the first call): what a publish could not write waits there. */
  outbox: () => SqliteOutbox;
  /** The end of the newest closed second (QueryService.liveEnd). */
  liveEnd: () => number;
  /** Where the other nodes' live seconds go (the live stream reads them); none: not mirrored. */
  remote?: RemoteSeconds;
  /** false: the mirror only reads on notifications (tests on a ManualClock). */
  poll: boolean;
  /** The "now" this node's own retention counts from (Pipeline.retentionNow). */
  retentionNow: () => number;
}

const CONNECT_TIMEOUT_MS = 5000;
const QUERY_TIMEOUT_MS = 15_000;

export async function joinCluster(config: Config, deps: ClusterNodeDeps): Promise<ClusterNode | undefined> {
  const url = config.cluster.postgresUrl;
  if (url === undefined) return undefined;
  const { clock, logger, aggregator: agg } = deps;
  const nodeId = config.cluster.nodeId ?? hostname();
  const bootId = randomUUID();
  const pool = new pg.Pool({
    connectionString: url,
    max: 4,
    application_name: `sipwatch ${nodeId}`,
    // A PostgreSQL that does not answer must fail a publish (kept for the next), not hold the
    // publishes queued behind it, or a shutdown, forever.
    connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
    query_timeout: QUERY_TIMEOUT_MS,
  });
  // A connection that is lost (PostgreSQL restarted, the backend terminated) is reported as an
  // 'error' event, by the pool while idle and by the client while in use: unheard, either would end
  // the process. The query under way fails too, and the next one connects again.
  const lost = (err: Error): void => logger.warn({ err }, 'a cluster database connection was lost');
  pool.on('error', lost);
  pool.on('connect', (client) => client.on('error', lost));
  try {
    await migrateCluster(pool);
  } catch (err) {
    await pool.end();
    throw new Error(`cannot reach the cluster database (cluster.postgresUrl): ${(err as Error).message}`);
  }
  const counts = new BootCounts(deps.store, agg);
  const publisher = new NodePublisher(pool, { nodeId, bootId }, logger, deps.outbox(), () => {
    agg.advance(clock.now());
    return agg.liveStartSecond;
  });
  await publisher.register(clock.now());
  // The ids the cells of this boot use were given in earlier runs too (they come from the SQLite file).
  publisher.stage(
    {
      seconds: [],
      minutes: [],
      dimensions: [...agg.trunks.entries(), ...agg.sources.entries(), ...agg.methods.entries()],
      watermark: 0,
    },
    clock.now(),
  );
  // What an earlier run left in the outbox goes now, under that run's boot_id.
  if (publisher.outboxed.rows > 0) void publisher.publish(clock.now());
  const mirror =
    deps.remote &&
    new RemoteMirror({
      pool,
      url,
      bootId,
      clock,
      logger,
      aggregator: agg,
      into: deps.remote,
      poll: deps.poll,
      self: { nodeId, resumed: (second) => counts.resumedSecond(second) },
    });
  try {
    await mirror?.start();
  } catch (err) {
    await mirror?.close();
    await pool.end();
    throw err;
  }
  const calls = new ClusterCalls({
    pool,
    node: { nodeId, bootId },
    logger,
    maxStagedBytes: config.calls.maxPendingBytes,
    retentionHours: config.calls.retentionHours,
    maxStored: config.calls.maxStored,
  });
  logger.info({ nodeId, bootId }, 'joined the cluster');
  const queries = new ClusterQueries({
    pool,
    profiles: agg.profiles,
    liveStartSecond: () => {
      agg.advance(clock.now());
      return agg.liveStartSecond;
    },
    liveEnd: () => deps.liveEnd(),
    bootId,
    minGapMs: minGapFor(config.storage.flushIntervalMs),
  });

  const retention = new CountRetention({
    pool,
    logger,
    referenceNow: deps.retentionNow,
    liveSeconds: config.aggregation.liveSeconds,
    retentionDays: config.aggregation.retentionDays,
  });

  /** Stages what one local flush wrote, as this boot counted it, and publishes it. */
  const stageFlush = (dirty: DirtySet): void => {
    const now = clock.now();
    const encoded = (list: TimedTable[]) => list.map(({ at, table }) => ({ at, cells: encodeCells(table) }));
    publisher.stage(
      {
        seconds: encoded(dirty.seconds.map((s) => counts.second(s))),
        minutes: encoded([
          ...dirty.minutes.map((m) => counts.minute(m)),
          ...dirty.minuteDeltas.map((m) => counts.pastMinute(m)),
        ]),
        dimensions: dirty.dimensions,
        watermark: Math.floor(now / SECOND_MS) - 1,
      },
      now,
    );
    void publisher.publish(now);
  };

  return {
    nodeId,
    bootId,
    url,
    pool,
    publisher,
    queries,
    mirror,
    calls,
    written(dirty, kept) {
      try {
        stageFlush(dirty);
      } catch (err) {
        // The local flush is written whatever happens here; the cluster misses these changes.
        logger.error({ err }, 'staging a flush for the cluster failed');
      }
      if (kept) calls.stage(kept);
      // Every flush: what was staged goes, and retention runs about once a minute.
      void calls.publish(clock.now());
      const now = clock.now();
      void publisher.settled().then(() => retention.maybePrune(now));
    },
    readiness(local) {
      const outbox = publisher.outboxed;
      const cluster: ClusterPublishing = {
        state: publisher.failuresInRow > 0 ? 'failing' : outbox.rows > 0 ? 'draining' : 'ok',
        failuresInRow: publisher.failuresInRow,
        staged: publisher.staged,
        lastPublishedAt: publisher.lastPublishedAt,
        outbox,
      };
      // Draining, PostgreSQL answers again: the node is ready while its backlog goes out.
      return { ...local, ready: local.ready && cluster.state !== 'failing', cluster };
    },
    settled: async () => {
      await publisher.settled();
      await calls.settled();
      await retention.settled();
    },
    async close() {
      await mirror?.close();
      await publisher.publish(clock.now());
      await calls.publish(clock.now());
      await retention.settled();
      await pool.end();
    },
  };
}

/**
 * What this boot counted, per second and minute. A node restarted on the same SQLite file resumes
 * its live window from it, so its tables also hold what the previous boot counted and published
 * under its own boot_id: that part (the state loaded at start) is taken out, or the cluster would
 * count it twice.
 */
class BootCounts {
  private readonly loadedSeconds = new Map<number, CellTable>();
  private readonly loadedMinutes = new Map<number, CellTable>();
  /** The oldest minute memory held at start: older ones were never in memory during this boot. */
  private readonly memoryFloor: number;
  /** Late counts this boot added to minutes older than that (only ever deltas). */
  private readonly pastOnly = new Map<number, CellTable>();

  constructor(
    private readonly store: Pick<Store, 'readMinutes' | 'loadState'>,
    agg: Aggregator,
  ) {
    this.memoryFloor = agg.minuteFloor;
    const loaded = store.loadState(agg.liveStartSecond, agg.minuteFloor);
    for (const s of loaded.seconds) this.loadedSeconds.set(s.at, s.table);
    for (const m of loaded.minutes) this.loadedMinutes.set(m.at, m.table);
  }

  /** What a second held when this boot started (its earlier boots' counts, resumed from SQLite). */
  resumedSecond(at: number): CellTable | undefined {
    return this.loadedSeconds.get(at);
  }

  second(s: TimedTable): TimedTable {
    return { at: s.at, table: cellsWithout(s.table, this.loadedSeconds.get(s.at)) };
  }

  minute(m: TimedTable): TimedTable {
    return { at: m.at, table: cellsWithout(m.table, this.loadedMinutes.get(m.at)) };
  }

  /** A delta for a minute older than memory: the full row is what this boot counted in it. */
  pastMinute(delta: TimedTable): TimedTable {
    if (delta.at >= this.memoryFloor) {
      // The local store has merged the delta in: what it holds now, less what it held at start.
      const stored = this.store.readMinutes(delta.at, delta.at + 1)[0]?.table ?? delta.table;
      return { at: delta.at, table: cellsWithout(stored, this.loadedMinutes.get(delta.at)) };
    }
    let sum = this.pastOnly.get(delta.at);
    if (!sum) this.pastOnly.set(delta.at, (sum = new CellTable()));
    sum.merge(delta.table);
    return { at: delta.at, table: sum };
  }
}
