import { parentPort, workerData } from 'node:worker_threads';
import BetterSqlite3 from 'better-sqlite3';
import type { Database } from 'better-sqlite3';
import { FlushWriter } from './flush-writer.js';
import { OutboxWriter } from './outbox.js';
import type { SipEvent } from '@sipwatch/wire';
import type { WriterRequest, WriterResponse, WriterWorkerData } from './writer-protocol.js';

/**
 * The writer thread: its own connection to the database file, taking flushes and prunes in the
 * order they were sent. The event loop only posts them (see writer-thread.ts).
 */

const { port, answered } = workerData as WriterWorkerData;
let db: Database | undefined;
let writer: FlushWriter | undefined;
/** Prepared at the first outbox write (the table is created after the writer opens). */
let outbox: OutboxWriter | undefined;
/** Why the file could not be opened: the answer to every later request. */
let openError: unknown;
/** Raw events sent ahead of the next write. */
let staged: SipEvent[][] = [];
/** Tests only: where the next write blocks (until the store stops this thread). */
let hang: 'before-commit' | 'after-commit' | undefined;

/** Blocks this thread for good: only terminating it ends the wait. */
function blockForever(): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0);
}

function handle(req: WriterRequest): unknown {
  switch (req.op) {
    case 'open':
      try {
        db = new BetterSqlite3(req.file, { fileMustExist: true });
        // The store created the file and its tables and set WAL mode already.
        db.pragma('synchronous = NORMAL');
        db.pragma(`busy_timeout = ${Math.floor(req.busyTimeoutMs)}`);
        if (req.maxPageCount !== undefined) db.pragma(`max_page_count = ${req.maxPageCount}`);
        writer = new FlushWriter(db);
      } catch (err) {
        openError = err;
        db?.close();
        db = undefined;
        throw err;
      }
      return null;
    case 'write': {
      const ahead = staged.flat();
      staged = [];
      if (!writer) throw openError ?? new Error('the database writer is not open');
      const { batch } = req;
      if (ahead.length !== (batch.staged ?? 0)) {
        // Only if a thread died between the slices: refuse, so the flush is retried whole.
        throw new Error(`raw events sent ahead were lost (${ahead.length} of ${batch.staged ?? 0})`);
      }
      const where = hang;
      hang = undefined;
      const applied = writer.write(
        ahead.length > 0 ? { ...batch, events: ahead.concat(batch.events) } : batch,
        where === 'before-commit' ? blockForever : undefined,
      );
      if (where === 'after-commit') blockForever();
      return applied;
    }
    case 'hang-next-write':
      hang = req.when;
      return null;
    case 'max-page-count':
      db?.pragma(`max_page_count = ${Math.floor(req.pages)}`);
      return null;
    case 'prune':
      if (!writer) throw openError ?? new Error('the database writer is not open');
      return writer.prune(req.policy);
    case 'outbox':
      if (!db) throw openError ?? new Error('the database writer is not open');
      outbox ??= new OutboxWriter(db);
      outbox.apply(req.change);
      return null;
    case 'stage':
      return null;
    case 'close':
      db?.close();
      db = undefined;
      writer = undefined;
      outbox = undefined;
      return null;
  }
}

parentPort!.on('message', (req: WriterRequest) => {
  if (req.op === 'stage') {
    staged.push(req.events);
    return;
  }
  let res: WriterResponse;
  try {
    res = { id: req.id, ok: true, value: handle(req) };
  } catch (err) {
    const e = err as { name?: string; message?: string; code?: unknown };
    res = {
      id: req.id,
      ok: false,
      error: {
        name: e.name ?? 'Error',
        message: e.message ?? String(err),
        ...(typeof e.code === 'string' && { code: e.code }),
      },
    };
  }
  // The answer is queued before the counter moves, so a blocked store finds it when it wakes.
  port.postMessage(res);
  Atomics.store(answered, 0, req.id);
  Atomics.notify(answered, 0);
  if (req.op === 'close') {
    port.close();
    parentPort!.close();
  }
});
