import type pg from 'pg';
import type { DimensionEntry } from '../core/dimensions.js';
import type { Logger } from '../logger.js';
import type { OutboxChange, OutboxKind, OutboxRow, OutboxStats, SqliteOutbox } from '../store/outbox.js';

/**
 * One node's rows as one publish writes them: full replacements, each under its rev (the batch's
 * unless the row carries its own, as rows drained from the outbox do).
 */
export interface NodeRows {
  /** Higher wins: a row is only replaced by one of a higher rev (retries and replays change nothing). */
  rev: number;
  seconds: EncodedCells[];
  minutes: EncodedCells[];
  dimensions: (DimensionEntry & { rev?: number })[];
  /** The newest closed second (epoch seconds). */
  watermark: number;
  /** When the flush was published, epoch ms; null: not known (the boot's stays). */
  flushedAt: number | null;
}

export interface EncodedCells {
  /** Second or minute number. */
  at: number;
  /** cell-codec.ts's encoding. */
  cells: Buffer;
  /** The row's own rev (outbox rows); else the batch's. */
  rev?: number;
}

/** The channel every publish NOTIFYs, with the node id as payload. */
export const FLUSH_CHANNEL = 'sipwatch_flush';

const upsertCells = (table: 'node_seconds' | 'node_minutes', column: 'second' | 'minute'): string =>
  `INSERT INTO ${table} (node_id, boot_id, ${column}, cells, rev)
   SELECT $1, $2, t.at, t.cells, t.rev FROM unnest($3::bigint[], $4::bytea[], $5::bigint[]) AS t(at, cells, rev)
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
        list.map((r) => r.rev ?? rows.rev),
      ]);
    }
    if (rows.dimensions.length > 0) {
      await client.query(
        `INSERT INTO node_dimensions (node_id, boot_id, kind, id, name, rev)
         SELECT $1, $2, d.kind, d.id, d.name, d.rev FROM unnest($3::text[], $4::int[], $5::text[], $6::bigint[]) AS d(kind, id, name, rev)
         ON CONFLICT (node_id, boot_id, kind, id) DO UPDATE SET name = excluded.name, rev = excluded.rev
         WHERE node_dimensions.rev < excluded.rev`,
        [
          nodeId,
          bootId,
          rows.dimensions.map((d) => d.kind),
          rows.dimensions.map((d) => d.id),
          rows.dimensions.map((d) => d.name),
          rows.dimensions.map((d) => d.rev ?? rows.rev),
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

/** What a publish takes from the stage, under one rev. */
interface Taken {
  rev: number;
  seconds: Map<number, Buffer>;
  minutes: Map<number, Buffer>;
  dimensions: Map<string, DimensionEntry>;
  watermark: number;
  flushedAt: number;
}

/** Outbox rows per drained publish, and their payload bytes (beyond the first row). */
export const OUTBOX_BATCH_ROWS = 256;
export const OUTBOX_BATCH_BYTES = 4 * 1024 * 1024;

/**
 * Publishes this node's partial aggregates after each local flush: what each flush changed is
 * staged, taken under the next rev and written, one publish at a time.
 *
 * While PostgreSQL answers and the outbox is empty, staged rows wait in memory only until their
 * publish. What a publish could not write goes to the outbox in the SQLite file
 * (store/outbox.ts), and from then on, until the outbox is empty again, every flush's rows go
 * there as soon as they are staged: memory holds no more than one drained batch, and a node that
 * dies meanwhile loses nothing its local flush wrote. Each publish then drains the outbox in rev
 * order (earlier boots of this node first, under their own boot_id), in batches of
 * OUTBOX_BATCH_ROWS, deleting rows only once their batch is committed. Every row is a full
 * replacement guarded by its rev, so a batch sent again after a crash changes nothing.
 */
export class NodePublisher {
  private rev = 0;
  private seconds = new Map<number, Buffer>();
  private minutes = new Map<number, Buffer>();
  private dimensions = new Map<string, DimensionEntry>();
  private watermark = 0;
  private chain: Promise<void> = Promise.resolve();
  /** The publish waiting for the one under way, and the time of the newest call it stands for. */
  private queued: Promise<void> | undefined;
  private queuedAt = 0;
  /** The outbox writes asked for, in order (never rejects): a drain reads once they are done. */
  private outboxQueue: Promise<void> = Promise.resolve();
  private outboxStats: OutboxStats;
  /** Outbox writes asked for and not yet committed (or failed). */
  private outboxPending = 0;
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
    private readonly outbox: SqliteOutbox,
    /** The live window's start (epoch seconds): the outbox keeps no 1-second rows before it. */
    private readonly liveStartSecond: () => number,
  ) {
    // Rows an earlier boot of this node left (it died, or stopped, while PostgreSQL was away).
    this.outboxStats = outbox.count();
  }

  /** Registers this boot; its rows are written from now on. */
  async register(startedAt: number): Promise<void> {
    await this.pool.query('INSERT INTO cluster_boots (node_id, boot_id, started_at) VALUES ($1, $2, $3)', [
      this.node.nodeId,
      this.node.bootId,
      startedAt,
    ]);
  }

  /** Takes what one local flush wrote (tables already encoded); to the outbox at once while it is in use. */
  stage(
    flush: {
      seconds: EncodedCells[];
      minutes: EncodedCells[];
      dimensions: DimensionEntry[];
      watermark: number;
    },
    now: number,
  ): void {
    for (const s of flush.seconds) this.seconds.set(s.at, s.cells);
    for (const m of flush.minutes) this.minutes.set(m.at, m.cells);
    for (const d of flush.dimensions) this.dimensions.set(`${d.kind}:${d.id}`, d);
    this.watermark = Math.max(this.watermark, flush.watermark);
    if (this.usingOutbox) {
      const taken = this.take(now);
      if (taken) void this.toOutbox(taken);
    }
  }

  /**
   * Writes everything staged and what the outbox holds; resolves once written or failed (never
   * rejects). Calls while one publish waits its turn join it: while PostgreSQL hangs, flushes do
   * not queue up publishes, each of them a connection attempt.
   */
  publish(now: number): Promise<void> {
    this.queuedAt = now;
    this.queued ??= this.chain = this.chain.then(() => {
      this.queued = undefined;
      return this.publishStaged(this.queuedAt);
    });
    return this.queued;
  }

  /** The rev of the newest rows taken for publishing (each take has the next). */
  get lastRev(): number {
    return this.rev;
  }

  /** Seconds, minutes and names waiting in memory to be published. */
  get staged(): number {
    return this.seconds.size + this.minutes.size + this.dimensions.size;
  }

  /** Rows in the outbox (of every boot of this node), as of its last write. */
  get outboxed(): OutboxStats {
    return this.outboxStats;
  }

  /** Resolves when every publish asked for so far is done. */
  settled(): Promise<void> {
    return this.chain;
  }

  /** While PostgreSQL fails or the outbox holds rows, rows go through it, in rev order. */
  private get usingOutbox(): boolean {
    return this.failuresInRow > 0 || this.outboxStats.rows > 0 || this.outboxPending > 0;
  }

  private take(now: number): Taken | undefined {
    if (this.seconds.size === 0 && this.minutes.size === 0 && this.dimensions.size === 0) return undefined;
    const taken = {
      rev: ++this.rev,
      seconds: this.seconds,
      minutes: this.minutes,
      dimensions: this.dimensions,
      watermark: this.watermark,
      flushedAt: now,
    };
    this.seconds = new Map();
    this.minutes = new Map();
    this.dimensions = new Map();
    return taken;
  }

  private async publishStaged(now: number): Promise<void> {
    if (this.usingOutbox) {
      const taken = this.take(now);
      if (taken) await this.toOutbox(taken);
      await this.drain(now);
      return;
    }
    const taken = this.take(now);
    if (!taken) return;
    const rows: NodeRows = {
      rev: taken.rev,
      seconds: [...taken.seconds].map(([at, cells]) => ({ at, cells })),
      minutes: [...taken.minutes].map(([at, cells]) => ({ at, cells })),
      dimensions: [...taken.dimensions.values()],
      watermark: taken.watermark,
      flushedAt: now,
    };
    if (await this.write(this.node, rows, now)) return;
    // What was staged meanwhile is newer: it replaces these rows in the outbox when it follows.
    for (const at of this.seconds.keys()) taken.seconds.delete(at);
    for (const at of this.minutes.keys()) taken.minutes.delete(at);
    for (const k of this.dimensions.keys()) taken.dimensions.delete(k);
    await this.toOutbox(taken);
  }

  /** One transaction in PostgreSQL; false when it failed (counted and logged). */
  private async write(
    node: { nodeId: string; bootId: string },
    rows: NodeRows,
    now: number,
  ): Promise<boolean> {
    let client: pg.PoolClient | undefined;
    let failed: unknown;
    try {
      client = await this.pool.connect();
      await upsertNodeRows(client, node, rows);
      this.published++;
      this.failuresInRow = 0;
      this.lastPublishedAt = now;
      return true;
    } catch (err) {
      failed = err;
      this.failures++;
      this.failuresInRow++;
      this.logger.warn({ err }, 'publishing to the cluster failed; the rows wait in the outbox');
      return false;
    } finally {
      // A client whose connection failed is closed, not handed out again.
      client?.release(failed instanceof Error ? failed : undefined);
    }
  }

  /** Writes taken rows to the outbox; if even that fails, they go back to memory for the next try. */
  private toOutbox(taken: Taken): Promise<void> {
    const { nodeId, bootId } = this.node;
    const row = (kind: OutboxKind, key: string, at: number | null, payload: Uint8Array): OutboxRow => ({
      nodeId,
      bootId,
      kind,
      key,
      at,
      payload,
      rev: taken.rev,
    });
    const json = (value: unknown): Buffer => Buffer.from(JSON.stringify(value));
    const put = [
      ...[...taken.seconds].map(([at, cells]) => row('second', String(at), at, cells)),
      ...[...taken.minutes].map(([at, cells]) => row('minute', String(at), at * 60, cells)),
      ...[...taken.dimensions].map(([key, d]) => row('dimension', key, null, json(d))),
      row('watermark', '', null, json({ watermark: taken.watermark, flushedAt: taken.flushedAt })),
    ];
    return this.queueOutbox({ put, remove: [], secondsBefore: this.liveStartSecond() }).catch(
      (err: unknown) => {
        this.logger.error({ err }, 'writing the cluster outbox failed; its rows stay in memory');
        for (const [at, cells] of taken.seconds) if (!this.seconds.has(at)) this.seconds.set(at, cells);
        for (const [at, cells] of taken.minutes) if (!this.minutes.has(at)) this.minutes.set(at, cells);
        for (const [k, d] of taken.dimensions) if (!this.dimensions.has(k)) this.dimensions.set(k, d);
      },
    );
  }

  /**
   * Sends an outbox write to the writer thread now (it writes in order with the flushes, so the
   * final flush's rows are in before the store closes); rejects when it failed.
   */
  private queueOutbox(change: OutboxChange): Promise<void> {
    this.outboxPending++;
    const write = this.outbox.write(change);
    const settled = write.then(
      () => {
        this.outboxPending--;
        this.countOutbox();
      },
      () => {
        this.outboxPending--;
      },
    );
    this.outboxQueue = Promise.all([this.outboxQueue, settled]).then(() => undefined);
    return write;
  }

  private countOutbox(): void {
    try {
      this.outboxStats = this.outbox.count();
    } catch {
      // The store is closed (shutdown): the rows stay for the next start.
    }
  }

  /** Publishes the outbox in batches, oldest rev first, until it is empty or a publish fails. */
  private async drain(now: number): Promise<void> {
    for (;;) {
      await this.outboxQueue;
      let batch: OutboxRow[];
      try {
        batch = this.outbox.read(this.node.bootId, OUTBOX_BATCH_ROWS, OUTBOX_BATCH_BYTES);
      } catch (err) {
        // The store is closed (shutdown): what it holds is published by the next start.
        this.logger.warn({ err }, 'the cluster outbox cannot be read; its rows wait for the next start');
        return;
      }
      if (batch.length === 0) return;
      const first = batch[0]!;
      if (!(await this.write({ nodeId: first.nodeId, bootId: first.bootId }, rowsOf(batch), now))) return;
      // Deleted only now: after a crash before this, the batch is published again, changing nothing.
      try {
        await this.queueOutbox({ put: [], remove: batch });
      } catch (err) {
        this.logger.error({ err }, 'deleting published rows from the cluster outbox failed');
        return;
      }
    }
  }
}

/** Outbox rows of one boot as one publish, each under its own rev. */
export function rowsOf(batch: readonly OutboxRow[]): NodeRows {
  const rows: NodeRows = {
    rev: 0,
    seconds: [],
    minutes: [],
    dimensions: [],
    watermark: 0,
    flushedAt: null,
  };
  for (const r of batch) {
    const payload = Buffer.from(r.payload);
    if (r.kind === 'second') rows.seconds.push({ at: Number(r.key), cells: payload, rev: r.rev });
    else if (r.kind === 'minute') rows.minutes.push({ at: Number(r.key), cells: payload, rev: r.rev });
    else if (r.kind === 'dimension')
      rows.dimensions.push({ ...(JSON.parse(payload.toString()) as DimensionEntry), rev: r.rev });
    else {
      const mark = JSON.parse(payload.toString()) as { watermark: number; flushedAt: number };
      rows.watermark = mark.watermark;
      rows.flushedAt = mark.flushedAt;
    }
  }
  return rows;
}
