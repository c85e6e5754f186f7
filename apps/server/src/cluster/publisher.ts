import type pg from 'pg';
import type { DimensionEntry } from '../core/dimensions.js';
import type { Logger } from '../logger.js';

/** One node's rows as one flush publishes them: full replacements, all under the same rev. */
export interface NodeRows {
  /** Higher wins: a row is only replaced by one of a higher rev (retries and replays change nothing). */
  rev: number;
  seconds: EncodedCells[];
  minutes: EncodedCells[];
  dimensions: DimensionEntry[];
  /** The newest closed second (epoch seconds). */
  watermark: number;
  /** When the flush was published, epoch ms. */
  flushedAt: number;
}

export interface EncodedCells {
  /** Second or minute number. */
  at: number;
  /** cell-codec.ts's encoding. */
  cells: Buffer;
}

/** The channel every publish NOTIFYs, with the node id as payload. */
export const FLUSH_CHANNEL = 'sipwatch_flush';

const upsertCells = (table: 'node_seconds' | 'node_minutes', column: 'second' | 'minute'): string =>
  `INSERT INTO ${table} (node_id, boot_id, ${column}, cells, rev)
   SELECT $1, $2, t.at, t.cells, $5 FROM unnest($3::bigint[], $4::bytea[]) AS t(at, cells)
   ON CONFLICT (node_id, boot_id, ${column}) DO UPDATE SET cells = excluded.cells, rev = excluded.rev
   WHERE ${table}.rev < excluded.rev`;

/**
 * Writes one node's rows in one transaction, then NOTIFYs (delivered at commit). Every row is a
 * full replacement guarded by its rev, so sending the same or an older batch again changes nothing.
 */
export async function upsertNodeRows(
  client: pg.ClientBase,
  node: { nodeId: string; bootId: string },
  rows: NodeRows,
): Promise<void> {
  const { nodeId, bootId } = node;
  await client.query('BEGIN');
  try {
    for (const [table, column, list] of [
      ['node_seconds', 'second', rows.seconds],
      ['node_minutes', 'minute', rows.minutes],
    ] as const) {
      if (list.length === 0) continue;
      await client.query(upsertCells(table, column), [
        nodeId,
        bootId,
        list.map((r) => r.at),
        list.map((r) => r.cells),
        rows.rev,
      ]);
    }
    if (rows.dimensions.length > 0) {
      await client.query(
        `INSERT INTO node_dimensions (node_id, boot_id, kind, id, name, rev)
         SELECT $1, $2, d.kind, d.id, d.name, $6 FROM unnest($3::text[], $4::int[], $5::text[]) AS d(kind, id, name)
         ON CONFLICT (node_id, boot_id, kind, id) DO UPDATE SET name = excluded.name, rev = excluded.rev
         WHERE node_dimensions.rev < excluded.rev`,
        [
          nodeId,
          bootId,
          rows.dimensions.map((d) => d.kind),
          rows.dimensions.map((d) => d.id),
          rows.dimensions.map((d) => d.name),
          rows.rev,
        ],
      );
    }
    await client.query(
      `UPDATE cluster_boots SET watermark = greatest(watermark, $3), flushed_at = greatest(flushed_at, $4)
       WHERE node_id = $1 AND boot_id = $2`,
      [nodeId, bootId, rows.watermark, rows.flushedAt],
    );
    await client.query('SELECT pg_notify($1, $2)', [FLUSH_CHANNEL, nodeId]);
    await client.query('COMMIT');
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  }
}

/**
 * Publishes this node's partial aggregates after each local flush: what each flush changed is
 * staged under the next rev, and written one publish at a time. While PostgreSQL fails, staged rows
 * wait (a newer version of a row replaces the older, so memory holds at most one per row) and go
 * with the next publish.
 */
export class NodePublisher {
  private rev = 0;
  private seconds = new Map<number, Buffer>();
  private minutes = new Map<number, Buffer>();
  private dimensions = new Map<string, DimensionEntry>();
  private watermark = 0;
  private chain: Promise<void> = Promise.resolve();
  failures = 0;
  /** Publishes failed since the last that succeeded. */
  failuresInRow = 0;
  published = 0;
  /** When (ms) a publish last succeeded. */
  lastPublishedAt: number | null = null;

  constructor(
    private readonly pool: pg.Pool,
    readonly node: { nodeId: string; bootId: string },
    private readonly logger: Logger,
  ) {}

  /** Registers this boot; its rows are written from now on. */
  async register(startedAt: number): Promise<void> {
    await this.pool.query('INSERT INTO cluster_boots (node_id, boot_id, started_at) VALUES ($1, $2, $3)', [
      this.node.nodeId,
      this.node.bootId,
      startedAt,
    ]);
  }

  /** Takes what one local flush wrote (tables already encoded). */
  stage(flush: {
    seconds: EncodedCells[];
    minutes: EncodedCells[];
    dimensions: DimensionEntry[];
    watermark: number;
  }): void {
    for (const s of flush.seconds) this.seconds.set(s.at, s.cells);
    for (const m of flush.minutes) this.minutes.set(m.at, m.cells);
    for (const d of flush.dimensions) this.dimensions.set(`${d.kind}:${d.id}`, d);
    this.watermark = Math.max(this.watermark, flush.watermark);
  }

  /** Writes everything staged; resolves once written or failed (never rejects). */
  publish(now: number): Promise<void> {
    this.chain = this.chain.then(() => this.publishStaged(now));
    return this.chain;
  }

  /** The rev of the newest publish begun (each publish takes the next). */
  get lastRev(): number {
    return this.rev;
  }

  /** Seconds, minutes and names waiting to be published. */
  get staged(): number {
    return this.seconds.size + this.minutes.size + this.dimensions.size;
  }

  /** Resolves when every publish asked for so far is done. */
  settled(): Promise<void> {
    return this.chain;
  }

  private async publishStaged(now: number): Promise<void> {
    if (this.seconds.size === 0 && this.minutes.size === 0 && this.dimensions.size === 0) return;
    const taken = { seconds: this.seconds, minutes: this.minutes, dimensions: this.dimensions };
    this.seconds = new Map();
    this.minutes = new Map();
    this.dimensions = new Map();
    const rows: NodeRows = {
      rev: ++this.rev,
      seconds: [...taken.seconds].map(([at, cells]) => ({ at, cells })),
      minutes: [...taken.minutes].map(([at, cells]) => ({ at, cells })),
      dimensions: [...taken.dimensions.values()],
      watermark: this.watermark,
      flushedAt: now,
    };
    let client: pg.PoolClient | undefined;
    let failed: unknown;
    try {
      client = await this.pool.connect();
      await upsertNodeRows(client, this.node, rows);
      this.published++;
      this.failuresInRow = 0;
      this.lastPublishedAt = now;
    } catch (err) {
      failed = err;
      this.failures++;
      this.failuresInRow++;
      this.logger.warn({ err }, 'publishing to the cluster failed; the rows go with the next flush');
      // What was staged meanwhile is newer: it stays; the rest waits for the next publish.
      for (const [at, cells] of taken.seconds) if (!this.seconds.has(at)) this.seconds.set(at, cells);
      for (const [at, cells] of taken.minutes) if (!this.minutes.has(at)) this.minutes.set(at, cells);
      for (const [k, d] of taken.dimensions) if (!this.dimensions.has(k)) this.dimensions.set(k, d);
    } finally {
      // A client whose connection failed is closed, not handed out again.
      client?.release(failed instanceof Error ? failed : undefined);
    }
  }
}
