import type { Database, Statement } from 'better-sqlite3';
import type { CapturedMessage } from '@sipwatch/wire';
import type { CallsWrite } from './store.js';

/**
 * The statements that keep whole calls (tables `calls` and `call_messages`), inside a flush's
 * transaction in the writer thread, and their retention.
 */
export class CallWriter {
  private readonly stmt: {
    find: Statement<[string], { id: number }>;
    dropMessages: Statement<[number]>;
    dropCall: Statement<[number]>;
    insert: Statement;
    message: Statement<[number, string]>;
    touch: Statement<[number, number, number, number]>;
    newest: Statement<[], { id: number | null }>;
    trimMessages: Statement<[number]>;
    trimCalls: Statement<[number]>;
    oldMessages: Statement<[number]>;
    oldCalls: Statement<[number]>;
  };

  constructor(db: Database) {
    this.stmt = {
      find: db.prepare('SELECT id FROM calls WHERE call_id = ?'),
      dropMessages: db.prepare('DELETE FROM call_messages WHERE call = ?'),
      dropCall: db.prepare('DELETE FROM calls WHERE id = ?'),
      insert: db.prepare(
        `INSERT INTO calls (call_id, started_at, last_at, code, trunk, from_user, to_user, messages, truncated, summary)
         VALUES (?, ?, ?, ?, ?, ?, ?, 0, 0, ?)`,
      ),
      message: db.prepare('INSERT INTO call_messages (call, message) VALUES (?, ?)'),
      touch: db.prepare(
        'UPDATE calls SET messages = messages + ?, last_at = MAX(last_at, ?), truncated = MAX(truncated, ?) WHERE id = ?',
      ),
      newest: db.prepare('SELECT MAX(id) AS id FROM calls'),
      trimMessages: db.prepare('DELETE FROM call_messages WHERE call <= ?'),
      trimCalls: db.prepare('DELETE FROM calls WHERE id <= ?'),
      oldMessages: db.prepare(
        'DELETE FROM call_messages WHERE call IN (SELECT id FROM calls WHERE started_at < ?)',
      ),
      oldCalls: db.prepare('DELETE FROM calls WHERE started_at < ?'),
    };
  }

  write(w: CallsWrite): void {
    const { stmt } = this;
    for (const c of w.calls) {
      // A Call-ID kept again (a new attempt days later) replaces the call kept before.
      const old = stmt.find.get(c.record.callId);
      if (old) {
        stmt.dropMessages.run(old.id);
        stmt.dropCall.run(old.id);
      }
      const first = c.messages[0]?.ts ?? 0;
      const id = Number(
        stmt.insert.run(
          c.record.callId,
          first,
          first,
          c.record.code ?? 0,
          c.record.trunk ?? null,
          c.fromUser ?? null,
          c.toUser ?? null,
          JSON.stringify(c.record),
        ).lastInsertRowid,
      );
      this.add(id, c.messages, c.truncated);
    }
    for (const a of w.appends) {
      const row = stmt.find.get(a.callId);
      if (row) this.add(row.id, a.messages, a.truncated);
    }
    if (w.calls.length > 0) this.trim(w.maxStored);
  }

  private add(id: number, messages: readonly CapturedMessage[], truncated: boolean): void {
    let last = 0;
    for (const m of messages) {
      this.stmt.message.run(id, JSON.stringify(m));
      last = Math.max(last, m.ts);
    }
    this.stmt.touch.run(messages.length, last, truncated ? 1 : 0, id);
  }

  /** Keeps the newest `max` calls (ids grow with every call kept). */
  private trim(max: number): number {
    const newest = this.stmt.newest.get()?.id;
    if (newest === null || newest === undefined) return 0;
    this.stmt.trimMessages.run(newest - max);
    return this.stmt.trimCalls.run(newest - max).changes;
  }

  prune(before: number | undefined, max: number | undefined): number {
    let n = 0;
    if (before !== undefined) {
      this.stmt.oldMessages.run(before);
      n += this.stmt.oldCalls.run(before).changes;
    }
    if (max !== undefined) n += this.trim(max);
    return n;
  }
}
