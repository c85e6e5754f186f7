import type pg from 'pg';
import type { CallSummary, CapturedMessage } from '@sipwatch/wire';
import type { Logger } from '../logger.js';
import { keptCallSummary } from '../store/store.js';
import type { CallQuery, CallRecord, CallsWrite, StoredCall } from '../store/store.js';

/**
 * Whole calls in PostgreSQL (tables cluster_calls and cluster_call_messages): each node writes
 * the calls it kept, once its own SQLite flush has written them, and any node searches and reads
 * every node's. See docs/calls.md and docs/cluster.md.
 */

type Keep = CallsWrite['calls'][number];
type Append = CallsWrite['appends'][number];
type Entry = { keep: Keep } | { append: Append };

/** One publish: calls newly kept and messages of calls kept before, in the order they were kept. */
export interface CallRows {
  /** Higher wins, per call: a replayed or older publish changes nothing. */
  rev: number;
  keeps: Keep[];
  appends: Append[];
}

/**
 * Writes one publish in one transaction. A call kept again (same Call-ID, a new attempt) replaces
 * its row and messages only under a higher rev; messages are keyed by their place in the call, so
 * sending them again adds nothing.
 */
export async function upsertCalls(
  client: pg.ClientBase,
  node: { nodeId: string; bootId: string },
  rows: CallRows,
): Promise<void> {
  const { nodeId, bootId } = node;
  const { rev } = rows;
  const keeps = lastKeeps(rows.keeps);
  await client.query('BEGIN');
  try {
    if (keeps.length > 0) {
      const ids = keeps.map((k) => k.record.callId);
      await client.query(
        `INSERT INTO cluster_calls (node_id, boot_id, call_id, rev, started_at, last_at, code, trunk, from_user, to_user, messages, truncated, summary)
         SELECT $1, $2, t.call_id, $3, t.started_at, t.started_at, t.code, t.trunk, t.from_user, t.to_user, 0, false, t.summary::jsonb
         FROM unnest($4::text[], $5::float8[], $6::int[], $7::text[], $8::text[], $9::text[], $10::text[])
           AS t(call_id, started_at, code, trunk, from_user, to_user, summary)
         ON CONFLICT (node_id, boot_id, call_id) DO UPDATE SET
           rev = excluded.rev, started_at = excluded.started_at, last_at = excluded.last_at,
           code = excluded.code, trunk = excluded.trunk, from_user = excluded.from_user,
           to_user = excluded.to_user, messages = 0, truncated = false, summary = excluded.summary
         WHERE cluster_calls.rev < excluded.rev`,
        [
          nodeId,
          bootId,
          rev,
          ids,
          keeps.map((k) => k.messages[0]?.ts ?? 0),
          keeps.map((k) => k.record.code ?? 0),
          keeps.map((k) => k.record.trunk ?? null),
          keeps.map((k) => k.fromUser ?? null),
          keeps.map((k) => k.toUser ?? null),
          keeps.map((k) => JSON.stringify(k.record)),
        ],
      );
      // The messages of an earlier attempt with this Call-ID (an older rev than the row's now).
      await client.query(
        `DELETE FROM cluster_call_messages m USING cluster_calls c
         WHERE m.call = c.id AND c.node_id = $1 AND c.boot_id = $2 AND c.call_id = ANY($3) AND m.rev < c.rev`,
        [nodeId, bootId, ids],
      );
    }
    const parts: Append[] = [
      ...keeps.map((k) => ({
        callId: k.record.callId,
        from: 0,
        messages: k.messages,
        truncated: k.truncated,
      })),
      ...rows.appends,
    ];
    const messages = parts.flatMap((p) =>
      p.messages.map((m, i) => ({ callId: p.callId, seq: p.from + i, ts: m.ts, text: JSON.stringify(m) })),
    );
    if (messages.length > 0) {
      // Only into a row of this attempt or an older one (rev): a replayed message of a replaced
      // attempt finds no row; one sent again finds its place taken.
      await client.query(
        `WITH t AS (SELECT * FROM unnest($3::text[], $4::int[], $5::float8[], $6::text[]) AS t(call_id, seq, ts, message)),
         added AS (
           INSERT INTO cluster_call_messages (call, seq, rev, ts, message)
           SELECT c.id, t.seq, $7, t.ts, t.message FROM t
           JOIN cluster_calls c ON c.node_id = $1 AND c.boot_id = $2 AND c.call_id = t.call_id AND c.rev <= $7
           ON CONFLICT (call, seq) DO NOTHING
           RETURNING call, ts)
         UPDATE cluster_calls c SET messages = c.messages + a.n, last_at = greatest(c.last_at, a.last)
         FROM (SELECT call, count(*)::int AS n, max(ts) AS last FROM added GROUP BY call) a
         WHERE c.id = a.call`,
        [
          nodeId,
          bootId,
          messages.map((m) => m.callId),
          messages.map((m) => m.seq),
          messages.map((m) => m.ts),
          messages.map((m) => m.text),
          rev,
        ],
      );
    }
    const truncated = parts.filter((p) => p.truncated).map((p) => p.callId);
    if (truncated.length > 0) {
      await client.query(
        `UPDATE cluster_calls SET truncated = true
         WHERE node_id = $1 AND boot_id = $2 AND call_id = ANY($3) AND rev <= $4`,
        [nodeId, bootId, truncated, rev],
      );
    }
    await client.query('COMMIT');
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  }
}

/** The last keep of each Call-ID in a publish (a call forgotten and kept again replaces itself). */
function lastKeeps(keeps: readonly Keep[]): Keep[] {
  const last = new Map<string, Keep>();
  for (const k of keeps) {
    last.delete(k.record.callId);
    last.set(k.record.callId, k);
  }
  return [...last.values()];
}

interface CallRowOut {
  id: string;
  started_at: number;
  last_at: number;
  messages: number;
  truncated: boolean;
  summary: CallRecord;
}

const summaryOf = (r: CallRowOut): CallSummary =>
  keptCallSummary(r.summary, {
    startedAt: r.started_at,
    lastAt: r.last_at,
    messages: r.messages,
    truncated: r.truncated,
  });

const SELECT_CALL = 'SELECT id, started_at, last_at, messages, truncated, summary FROM cluster_calls';

export interface ClusterCallsOptions {
  pool: pg.Pool;
  node: { nodeId: string; bootId: string };
  logger: Logger;
  /** What waits while PostgreSQL fails, in bytes of message text: past it, newer calls are not sent. */
  maxStagedBytes: number;
  retentionHours: number;
  /** Calls of this node kept in PostgreSQL at most (calls.maxStored); the oldest go first. */
  maxStored: number;
}

const PRUNE_EVERY_MS = 60_000;

/**
 * This node's kept calls on their way to PostgreSQL, one publish at a time in the order of the
 * flushes, and the cluster's calls read back. What fails waits for the next publish, within
 * `maxStagedBytes`.
 */
export class ClusterCalls {
  private staged: Entry[] = [];
  private stagedBytes = 0;
  private rev = 0;
  private chain: Promise<void> = Promise.resolve();
  private prunedAt = -Infinity;
  /** Calls and messages not sent because too much waited already. */
  dropped = 0;
  failuresInRow = 0;

  constructor(private readonly opts: ClusterCallsOptions) {}

  /** Takes what one local flush wrote. */
  stage(write: CallsWrite): void {
    const entries: Entry[] = [
      ...write.calls.map((keep) => ({ keep })),
      ...write.appends.map((append) => ({ append })),
    ];
    for (const e of entries) {
      const bytes = bytesOf(e);
      if (this.stagedBytes + bytes > this.opts.maxStagedBytes) {
        this.dropped++;
        continue;
      }
      this.staged.push(e);
      this.stagedBytes += bytes;
    }
  }

  /** Writes everything staged (then prunes, about once a minute); never rejects. */
  publish(now: number): Promise<void> {
    this.chain = this.chain.then(() => this.publishStaged(now));
    return this.chain;
  }

  settled(): Promise<void> {
    return this.chain;
  }

  private async publishStaged(now: number): Promise<void> {
    if (this.staged.length > 0) {
      const taken = this.staged;
      const takenBytes = this.stagedBytes;
      this.staged = [];
      this.stagedBytes = 0;
      const rows: CallRows = { rev: ++this.rev, keeps: [], appends: [] };
      // A Call-ID kept again within what waited (a new attempt): only the newest attempt goes.
      const keptLater = new Set<string>();
      for (let i = taken.length - 1; i >= 0; i--) {
        const e = taken[i]!;
        const callId = 'keep' in e ? e.keep.record.callId : e.append.callId;
        if (keptLater.has(callId)) continue;
        if ('keep' in e) {
          keptLater.add(callId);
          rows.keeps.push(e.keep);
        } else rows.appends.push(e.append);
      }
      rows.keeps.reverse();
      rows.appends.reverse();
      let client: pg.PoolClient | undefined;
      let failed: unknown;
      try {
        client = await this.opts.pool.connect();
        await upsertCalls(client, this.opts.node, rows);
        this.failuresInRow = 0;
      } catch (err) {
        failed = err;
        this.failuresInRow++;
        this.opts.logger.warn(
          { err },
          'writing kept calls to the cluster failed; they go with the next flush',
        );
        // Before what was staged meanwhile: a call's messages follow its keep.
        this.staged = taken.concat(this.staged);
        this.stagedBytes += takenBytes;
        return;
      } finally {
        client?.release(failed instanceof Error ? failed : undefined);
      }
    }
    if (now - this.prunedAt >= PRUNE_EVERY_MS) {
      this.prunedAt = now;
      await this.prune(now).catch((err: unknown) =>
        this.opts.logger.warn({ err }, 'pruning kept calls in the cluster failed'),
      );
    }
  }

  /** Deletes the cluster's calls past calls.retentionHours, and this node's past calls.maxStored. */
  async prune(now: number): Promise<number> {
    const old = await this.opts.pool.query('DELETE FROM cluster_calls WHERE started_at < $1', [
      now - this.opts.retentionHours * 3_600_000,
    ]);
    const over = await this.opts.pool.query(
      `DELETE FROM cluster_calls WHERE node_id = $1 AND id <= (
         SELECT id FROM cluster_calls WHERE node_id = $1 ORDER BY id DESC OFFSET $2 LIMIT 1)`,
      [this.opts.node.nodeId, this.opts.maxStored],
    );
    return (old.rowCount ?? 0) + (over.rowCount ?? 0);
  }

  /** The cluster's kept calls, newest kept first (the same filters and cursor as on one node). */
  async queryCalls(q: CallQuery): Promise<StoredCall[]> {
    const where: string[] = [];
    const params: (string | number)[] = [];
    const add = (sql: (n: number[]) => string, ...values: (string | number | undefined)[]): void => {
      if (values[0] === undefined) return;
      const at = values.map((v) => params.push(v as string | number));
      where.push(sql(at));
    };
    add(([n]) => `call_id = $${n}`, q.callId);
    add(([n]) => `starts_with(from_user, $${n})`, q.fromUser);
    add(([n]) => `starts_with(to_user, $${n})`, q.toUser);
    add(([n]) => `(starts_with(from_user, $${n}) OR starts_with(to_user, $${n}))`, q.number);
    add(([n]) => `trunk = $${n}`, q.trunk);
    add(([n]) => `code = $${n}`, q.code);
    add(([n]) => `started_at >= $${n}`, q.from);
    add(([n]) => `started_at < $${n}`, q.to);
    add(([n]) => `id < $${n}`, q.beforeId);
    params.push(q.limit);
    const sql = `${SELECT_CALL} ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY id DESC LIMIT $${params.length}`;
    const { rows } = await this.opts.pool.query<CallRowOut>(sql, params);
    return rows.map((r) => ({ ...summaryOf(r), id: Number(r.id) }));
  }

  /**
   * A call and its messages in capture order; undefined when no node keeps it. Two nodes that
   * kept the same Call-ID (two capture agents of one call, each sending to its own node) give one
   * call: every copy's messages merged by capture time, a packet both copies hold (a duplicated
   * feed) once, and the summary of the copy that saw the call first (its first INVITE, outcome and
   * timing), its span and message count the merged call's.
   */
  async readCall(callId: string): Promise<{ call: CallSummary; messages: CapturedMessage[] } | undefined> {
    const { rows } = await this.opts.pool.query<CallRowOut>(
      `${SELECT_CALL} WHERE call_id = $1 ORDER BY started_at, id`,
      [callId],
    );
    const first = rows[0];
    if (!first) return undefined;
    const stored = await this.opts.pool.query<{ message: string }>(
      'SELECT message FROM cluster_call_messages WHERE call = ANY($1::bigint[]) ORDER BY call, seq',
      [rows.map((r) => r.id)],
    );
    const messages = mergeCaptures(stored.rows.map((m) => JSON.parse(m.message) as CapturedMessage));
    const call = summaryOf(first);
    if (rows.length === 1) return { call, messages };
    return {
      call: {
        ...call,
        startedAt: Math.min(...rows.map((r) => r.started_at)),
        lastAt: Math.max(...rows.map((r) => r.last_at)),
        messages: messages.length,
        truncated: rows.some((r) => r.truncated),
      },
      messages,
    };
  }
}

/**
 * Messages of one call from several copies, in capture time order (a stable sort: one copy's
 * order stands for equal times), each packet once: the same text between the same addresses at
 * the same capture time is one packet that reached two nodes.
 */
export function mergeCaptures(messages: readonly CapturedMessage[]): CapturedMessage[] {
  const seen = new Set<string>();
  const out: CapturedMessage[] = [];
  for (const m of [...messages].sort((x, y) => x.ts - y.ts)) {
    const key = JSON.stringify([m.ts, m.srcIp, m.srcPort, m.dstIp, m.dstPort, m.ipProtocol, m.text]);
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(m);
  }
  return out;
}

function bytesOf(e: Entry): number {
  const messages = 'keep' in e ? e.keep.messages : e.append.messages;
  return messages.reduce((n, m) => n + m.text.length, 0);
}
