import pg from 'pg';
import type { Clock } from '../clock.js';
import type { Aggregator } from '../core/aggregator.js';
import { CellTable, cellsWithout } from '../core/cell-table.js';
import type { DimensionKind } from '../core/dimensions.js';
import type { RemoteSeconds } from '../core/remote-seconds.js';
import type { Logger } from '../logger.js';
import { bootKey } from './cluster-queries.js';
import { FLUSH_CHANNEL } from './publisher.js';
import { addBootName, translateCells } from './translate-cells.js';
import type { BootNames } from './translate-cells.js';

/** Without a notification (the listening connection lost), the other nodes' rows are read this often. */
export const MIRROR_POLL_MS = 1000;
const LISTEN_CONNECT_TIMEOUT_MS = 5000;

export interface RemoteMirrorDeps {
  pool: pg.Pool;
  /** For the listening connection of its own (LISTEN holds a session). */
  url: string;
  bootId: string;
  clock: Clock;
  logger: Logger;
  aggregator: Aggregator;
  into: RemoteSeconds;
  /**
   * This node: its earlier boots' rows are mirrored less what this boot resumed of them from its
   * SQLite file (all of it on the same disk, nothing on a new one), or they would count twice.
   */
  self: { nodeId: string; resumed(second: number): CellTable | undefined };
  /** false: no poll timer, only notifications and `refresh()` (tests on a ManualClock). */
  poll: boolean;
}

/**
 * Keeps the other nodes' seconds of the live window in memory (RemoteSeconds), so this node's
 * live stream shows the whole cluster. On each `sipwatch_flush` notification, and every
 * MIRROR_POLL_MS in case one was missed, it reads the rows other boots wrote since it last looked
 * (per boot, a rev above the highest it has read: a boot's publishes commit one at a time, in rev
 * order) and translates their ids through the names they published into this node's id space.
 * What it holds is never published: the publisher stages only the aggregator's own counts.
 */
export class RemoteMirror {
  /** Per boot: the highest rev of its seconds and of its names read so far. */
  private readonly seenSeconds = new Map<string, number>();
  private readonly seenNames = new Map<string, number>();
  private readonly names = new Map<string, BootNames>();
  /** This node's earlier boots' tables, second → boot → table. */
  private readonly earlier = new Map<number, Map<string, CellTable>>();
  private running: Promise<void> | undefined;
  private again = false;
  private listener: pg.Client | undefined;
  /** A listening connection being opened (one at a time, however long PostgreSQL takes). */
  private connecting: Promise<void> | undefined;
  /** Whether the current run of failures was logged (once per run, not once a second). */
  private listenFailureLogged = false;
  private readFailureLogged = false;
  private timer: NodeJS.Timeout | undefined;
  private closed = false;
  /** Reads done, and rows taken in (tests, /metrics). */
  reads = 0;
  rowsRead = 0;

  constructor(private readonly deps: RemoteMirrorDeps) {}

  /** Seconds of other boots held (bounded by the live window). */
  get held(): number {
    return this.deps.into.size;
  }

  /** The newest publish (rev) of a boot read so far; 0 before any. */
  revOf(bootId: string): number {
    let rev = 0;
    for (const seen of [this.seenSeconds, this.seenNames])
      for (const [key, r] of seen) if (key.startsWith(`${bootId} `)) rev = Math.max(rev, r);
    return rev;
  }

  /** Listens for flushes, reads what the others already published, starts the fallback poll. */
  async start(): Promise<void> {
    await this.listen();
    await this.refresh();
    if (this.deps.poll) {
      this.timer = setInterval(() => void this.poll(), MIRROR_POLL_MS);
      this.timer.unref();
    }
  }

  /** What the fallback timer does: listens again if the connection was lost, and reads. */
  async poll(): Promise<void> {
    if (!this.listener)
      await (this.connecting ??= this.listen().finally(() => (this.connecting = undefined)));
    await this.refresh();
  }

  /** Whether flush notifications are heard (else only the poll reads). */
  get listening(): boolean {
    return this.listener !== undefined;
  }

  /**
   * Reads what changed; resolves once what was published before the call is in. Calls while one
   * runs share one more read after it.
   */
  refresh(): Promise<void> {
    if (this.closed) return Promise.resolve();
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = (async () => {
      do {
        this.again = false;
        try {
          await this.readChanged();
          this.readFailureLogged = false;
        } catch (err) {
          if (!this.readFailureLogged)
            this.deps.logger.warn(
              { err },
              'reading the other nodes’ live seconds failed; trying again each second',
            );
          this.readFailureLogged = true;
        }
      } while (this.again && !this.closed);
    })().finally(() => (this.running = undefined));
    return this.running;
  }

  async close(): Promise<void> {
    this.closed = true;
    clearInterval(this.timer);
    await this.running;
    const listener = this.listener;
    this.listener = undefined;
    await listener?.end().catch(() => undefined);
  }

  private async listen(): Promise<void> {
    if (this.closed) return;
    const client = new pg.Client({
      connectionString: this.deps.url,
      application_name: `sipwatch ${this.deps.self.nodeId} mirror`,
      connectionTimeoutMillis: LISTEN_CONNECT_TIMEOUT_MS,
    });
    const lost = (err?: Error): void => {
      if (this.listener !== client) return;
      this.listener = undefined;
      if (err) this.deps.logger.warn({ err }, 'the cluster notification connection was lost; polling');
    };
    client.on('error', lost);
    client.on('end', () => lost());
    client.on('notification', () => void this.refresh());
    try {
      await client.connect();
      await client.query(`LISTEN ${FLUSH_CHANNEL}`);
      if (this.closed) await client.end();
      else this.listener = client;
      this.listenFailureLogged = false;
    } catch (err) {
      if (!this.listenFailureLogged)
        this.deps.logger.warn({ err }, 'cannot listen for cluster flushes; polling each second');
      this.listenFailureLogged = true;
      await client.end().catch(() => undefined);
    }
  }

  private replaceEarlier(boot: string, second: number, table: CellTable): void {
    let boots = this.earlier.get(second);
    if (!boots) this.earlier.set(second, (boots = new Map()));
    boots.set(boot, table);
    const sum = new CellTable();
    for (const t of boots.values()) sum.merge(t);
    const { nodeId, resumed } = this.deps.self;
    this.deps.into.replace(`earlier boots of ${nodeId}`, second, cellsWithout(sum, resumed(second)));
  }

  private async readChanged(): Promise<void> {
    const { pool, bootId, aggregator: agg, clock, into } = this.deps;
    const now = clock.now();
    agg.advance(now);
    const liveStart = agg.liveStartSecond;
    into.dropBefore(liveStart);
    for (const second of this.earlier.keys()) if (second < liveStart) this.earlier.delete(second);
    const seen = (m: Map<string, number>) => {
      const boots = [...m.keys()];
      return [boots.map((k) => k.split(' ')[0]!), boots.map((k) => m.get(k)!)];
    };
    // Seconds first, then names: the names of a row's publish commit with it, so they are in too.
    const seconds = await pool.query<{
      node_id: string;
      boot_id: string;
      second: string;
      cells: Buffer;
      rev: string;
    }>(
      `SELECT s.node_id, s.boot_id, s.second, s.cells, s.rev FROM node_seconds s
       LEFT JOIN unnest($3::uuid[], $4::bigint[]) AS h(boot_id, rev) USING (boot_id)
       WHERE s.second >= $1 AND s.boot_id <> $2 AND (h.rev IS NULL OR s.rev > h.rev)`,
      [liveStart, bootId, ...seen(this.seenSeconds)],
    );
    const names = await pool.query<{
      node_id: string;
      boot_id: string;
      kind: string;
      id: number;
      name: string;
      rev: string;
    }>(
      `SELECT d.node_id, d.boot_id, d.kind, d.id, d.name, d.rev FROM node_dimensions d
       LEFT JOIN unnest($2::uuid[], $3::bigint[]) AS h(boot_id, rev) USING (boot_id)
       WHERE d.boot_id <> $1 AND (h.rev IS NULL OR d.rev > h.rev)`,
      [bootId, ...seen(this.seenNames)],
    );
    this.reads++;
    for (const d of names.rows) {
      const key = bootKey(d);
      let m = this.names.get(key);
      if (!m) this.names.set(key, (m = new Map()));
      addBootName(m, d);
      this.seenNames.set(key, Math.max(this.seenNames.get(key) ?? 0, Number(d.rev)));
    }
    if (seconds.rows.length === 0) return;
    // A remote name takes an id in this node's tables, as if this node had seen it (the cap and
    // the `other` fold so apply to the names of the whole live cluster).
    const tables: Record<DimensionKind, { idOf(name: string, now: number): number }> = {
      trunk: agg.trunks,
      source: agg.sources,
      method: agg.methods,
    };
    for (const row of seconds.rows) {
      const key = bootKey(row);
      const table = translateCells(row.cells, this.names.get(key), (kind, name) =>
        tables[kind].idOf(name, now),
      );
      if (row.node_id === this.deps.self.nodeId) this.replaceEarlier(key, Number(row.second), table);
      else into.replace(key, Number(row.second), table);
      this.seenSeconds.set(key, Math.max(this.seenSeconds.get(key) ?? 0, Number(row.rev)));
    }
    this.rowsRead += seconds.rows.length;
  }
}
