import type { MessagePort } from 'node:worker_threads';
import type { SipEvent } from '@sipwatch/wire';
import type { WriterBatch } from './flush-writer.js';
import type { OutboxChange } from './outbox.js';
import type { PrunePolicy } from './store.js';

/** The messages between the store (event loop) and its writer thread. */

export type WriterRequest =
  | { id: number; op: 'open'; file: string; busyTimeoutMs: number; maxPageCount?: number }
  /** Raw events for the next write, sent ahead of it a slice at a time (no answer). */
  | { id: number; op: 'stage'; events: SipEvent[] }
  | { id: number; op: 'write'; batch: WriterBatch }
  | { id: number; op: 'prune'; policy: PrunePolicy }
  /** A cluster node's outbox (outbox.ts): its table exists only on a cluster node. */
  | { id: number; op: 'outbox'; change: OutboxChange }
  | { id: number; op: 'close' }
  /** Tests only (see WriterThread.testHooks): the next write blocks until the thread is stopped. */
  | { id: number; op: 'hang-next-write'; when: 'before-commit' | 'after-commit' }
  /** Tests only: the file may grow to this many pages (SQLite's max_page_count), to fake a full disk. */
  | { id: number; op: 'max-page-count'; pages: number };

export type WriterResponse =
  | { id: number; ok: true; value: unknown }
  | { id: number; ok: false; error: { name: string; message: string; code?: string } };

/**
 * Given to the worker at start: where answers go, and a shared cell holding the id of the newest
 * request answered, so the store can block on it (Atomics.wait) when a caller needs the result now.
 */
export interface WriterWorkerData {
  port: MessagePort;
  answered: Int32Array;
}
