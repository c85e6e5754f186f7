/**
 * Work the listeners hand over (a datagram, a TCP frame, a line of a HEP log packet), done a slice
 * at a time: at most `sliceMs` of it per turn of the event loop, then the rest from setImmediate,
 * so a burst of costly input (a UDP burst of 64 KiB lines, a TCP read of many frames, a gzipped
 * HEP packet of thousands of lines) never holds the loop for longer than a slice and the stream,
 * /healthz and timers get their turns in between.
 *
 * The queue is bounded in items and in bytes: past either, `offer` refuses and the caller counts a
 * drop (UDP, where the kernel would drop too); a TCP reader `push`es what it has read and pauses
 * its socket while the queue is `full`, until `onRoom`, so the sender waits instead.
 * Queued work must not throw (the listeners catch and log around their own).
 */
export interface PacedQueueOptions {
  /** Work per turn, ms; the item that crosses it finishes. */
  sliceMs: number;
  maxItems: number;
  maxBytes: number;
  /** Clock for the slices; performance.now unless a test drives it. */
  now?: () => number;
  /** After each slice (the listeners commit their batch of the slice here). */
  onSliceEnd?: () => void;
}

/** Per turn of the event loop (see docs/ingest.md, hostile-input limits). */
export const SLICE_MS = 5;
export const MAX_QUEUED_ITEMS = 50_000;
export const MAX_QUEUED_BYTES = 16 * 1024 * 1024;

export const DEFAULT_PACING: PacedQueueOptions = {
  sliceMs: SLICE_MS,
  maxItems: MAX_QUEUED_ITEMS,
  maxBytes: MAX_QUEUED_BYTES,
};

interface Item {
  run: () => void;
  bytes: number;
}

export class PacedQueue {
  /** FIFO as an array and a read index: shift() would copy the array per item. */
  private items: Item[] = [];
  private head = 0;
  private queuedBytes = 0;
  private scheduled: NodeJS.Immediate | undefined;
  private readonly waiting = new Set<() => void>();
  private readonly now: () => number;

  constructor(private readonly options: PacedQueueOptions) {
    this.now = options.now ?? (() => performance.now());
  }

  get size(): number {
    return this.items.length - this.head;
  }

  get bytes(): number {
    return this.queuedBytes;
  }

  get full(): boolean {
    return this.size >= this.options.maxItems || this.queuedBytes >= this.options.maxBytes;
  }

  /** Queues `run` when it fits; false (and nothing queued) when it does not. */
  offer(run: () => void, bytes = 0): boolean {
    if (this.size >= this.options.maxItems || this.queuedBytes + bytes > this.options.maxBytes) return false;
    this.push(run, bytes);
    return true;
  }

  /** Queues `run` even past the bounds: for a reader that pauses its socket while `full`. */
  push(run: () => void, bytes = 0): void {
    this.items.push({ run, bytes });
    this.queuedBytes += bytes;
    this.scheduled ??= setImmediate(() => this.slice());
  }

  /** Calls `resume` once, when the queue is at most half full again. */
  onRoom(resume: () => void): void {
    this.waiting.add(resume);
  }

  /** Does everything still queued now (on close: nothing handed over is left undone). */
  drainAll(): void {
    if (this.scheduled) clearImmediate(this.scheduled);
    this.scheduled = undefined;
    this.runWhile(() => true);
  }

  private slice(): void {
    this.scheduled = undefined;
    const end = this.now() + this.options.sliceMs;
    this.runWhile(() => this.now() < end);
    if (this.size > 0) this.scheduled = setImmediate(() => this.slice());
  }

  private runWhile(more: () => boolean): void {
    while (this.size > 0 && more()) {
      const item = this.items[this.head]!;
      this.items[this.head++] = undefined as unknown as Item;
      this.queuedBytes -= item.bytes;
      item.run();
    }
    if (this.head > 1024 && this.head * 2 > this.items.length) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
    this.options.onSliceEnd?.();
    const halfEmpty = this.size * 2 <= this.options.maxItems && this.queuedBytes * 2 <= this.options.maxBytes;
    if (this.waiting.size > 0 && halfEmpty) {
      const resumes = [...this.waiting];
      this.waiting.clear();
      for (const resume of resumes) resume();
    }
  }
}
