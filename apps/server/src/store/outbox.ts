import type { Database, Statement } from 'better-sqlite3';
import type { MigrationSet } from './migrations.js';

/**
 * A cluster node's outbox in its SQLite file: what a publish to PostgreSQL could not write waits
 * here (not in memory) until PostgreSQL answers again, and survives a crash meanwhile. One row per
 * (boot, kind, key), the newest version (highest rev) replacing the older, so the table holds at
 * most one row per second, minute and name that changed. See docs/cluster.md.
 */

export type OutboxKind = 'second' | 'minute' | 'dimension' | 'watermark';

export interface OutboxKey {
  bootId: string;
  kind: OutboxKind;
  /** The second or minute number, `kind:id` of a name, '' for the watermark. */
  key: string;
  rev: number;
}

export interface OutboxRow extends OutboxKey {
  nodeId: string;
  /** The first second the row covers (seconds and minutes), for the outbox's oldest second. */
  at: number | null;
  /** Cells (cell-codec.ts) for seconds and minutes; JSON for names and the watermark. */
  payload: Uint8Array;
}

/** Rows to write and rows published (deleted unless a newer version replaced them), in one transaction. */
export interface OutboxChange {
  put: OutboxRow[];
  remove: OutboxKey[];
  /**
   * Seconds before this (epoch seconds) are dropped: past the live window no node reads 1-second
   * rows (the minutes carry their counts) and retention prunes them, so a long outage keeps at
   * most the live window's seconds.
   */
  secondsBefore?: number;
}

export interface OutboxStats {
  rows: number;
  /** The oldest second any row covers (epoch seconds), null when none does. */
  oldestSecond: number | null;
}

export const OUTBOX_MIGRATIONS: MigrationSet = {
  module: 'cluster-outbox',
  migrations: [
    {
      version: 1,
      name: "the cluster node's outbox of rows not yet published to PostgreSQL",
      up: `
        CREATE TABLE cluster_outbox (
          boot_id TEXT NOT NULL,
          kind TEXT NOT NULL,
          key TEXT NOT NULL,
          node_id TEXT NOT NULL,
          at INTEGER,
          payload BLOB NOT NULL,
          rev INTEGER NOT NULL,
          PRIMARY KEY (boot_id, kind, key)
        ) WITHOUT ROWID;
        CREATE INDEX cluster_outbox_rev ON cluster_outbox (boot_id, rev);
      `,
    },
  ],
};

/** The writer thread's side: applies a change in one transaction. */
export class OutboxWriter {
  private readonly put: Statement;
  private readonly remove: Statement;
  private readonly dropSeconds: Statement;

  constructor(private readonly db: Database) {
    this.put = db.prepare(
      `INSERT INTO cluster_outbox (boot_id, kind, key, node_id, at, payload, rev) VALUES (?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (boot_id, kind, key) DO UPDATE SET node_id = excluded.node_id, at = excluded.at,
         payload = excluded.payload, rev = excluded.rev
       WHERE excluded.rev > cluster_outbox.rev`,
    );
    this.remove = db.prepare(
      'DELETE FROM cluster_outbox WHERE boot_id = ? AND kind = ? AND key = ? AND rev <= ?',
    );
    this.dropSeconds = db.prepare("DELETE FROM cluster_outbox WHERE kind = 'second' AND at < ?");
  }

  apply(change: OutboxChange): void {
    this.db.transaction(() => {
      for (const r of change.put) {
        // A Buffer arrives from the event loop as a plain Uint8Array.
        const payload = Buffer.from(r.payload.buffer, r.payload.byteOffset, r.payload.byteLength);
        this.put.run(r.bootId, r.kind, r.key, r.nodeId, r.at, payload, r.rev);
      }
      for (const k of change.remove) this.remove.run(k.bootId, k.kind, k.key, k.rev);
      if (change.secondsBefore !== undefined) this.dropSeconds.run(change.secondsBefore);
    })();
  }
}

interface Row {
  bootId: string;
  kind: OutboxKind;
  key: string;
  nodeId: string;
  at: number | null;
  payload: Buffer;
  rev: number;
}

/** The event loop's side: reads on its own connection, writes through the writer thread. */
export class SqliteOutbox {
  private readonly boots: Statement<[string], { bootId: string }>;
  private readonly batch: Statement<[string, number], Row>;
  private readonly stats: Statement<[], { rows: number; oldest: number | null }>;

  constructor(
    db: Database,
    private readonly submit: (change: OutboxChange, done: (error: Error | undefined) => void) => void,
  ) {
    this.boots = db.prepare(
      // Earlier boots first: a restarted node publishes what its previous run left before its own.
      'SELECT boot_id AS bootId FROM cluster_outbox GROUP BY boot_id ORDER BY boot_id = ?, min(rev)',
    );
    this.batch = db.prepare(
      `SELECT boot_id AS bootId, kind, key, node_id AS nodeId, at, payload, rev FROM cluster_outbox
       WHERE boot_id = ? ORDER BY rev LIMIT ?`,
    );
    this.stats = db.prepare('SELECT count(*) AS rows, min(at) AS oldest FROM cluster_outbox');
  }

  /** Writes (or deletes) through the writer thread, in order with the flushes; resolves once committed. */
  write(change: OutboxChange): Promise<void> {
    return new Promise((resolve, reject) => this.submit(change, (err) => (err ? reject(err) : resolve())));
  }

  /**
   * The oldest rows of one boot, in rev order: up to `maxRows`, and no more than `maxBytes` of
   * payload beyond the first row. Earlier boots than `current` come first.
   */
  read(current: string, maxRows: number, maxBytes: number): OutboxRow[] {
    const boot = this.boots.get(current);
    if (!boot) return [];
    const rows: OutboxRow[] = [];
    let bytes = 0;
    for (const r of this.batch.all(boot.bootId, maxRows)) {
      bytes += r.payload.byteLength;
      if (rows.length > 0 && bytes > maxBytes) break;
      rows.push(r);
    }
    return rows;
  }

  count(): OutboxStats {
    const r = this.stats.get();
    return { rows: r?.rows ?? 0, oldestSecond: r?.oldest ?? null };
  }
}
