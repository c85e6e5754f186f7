import type { SipEvent } from '@sipwatch/wire';
import type { WriterBatch } from './flush-writer.js';
import { toWriterBatch } from './flush-writer.js';
import type { FlushBatch } from './store.js';
import type { WriterThread } from './writer-thread.js';

/**
 * Hands background flushes to the writer thread without a long pause of the event loop. Copying
 * a flush's raw events into the thread costs about 1 µs each (5,000 events: 5 ms), so they go
 * ahead in slices, one per event-loop turn, and the write itself follows with the last slice; the
 * thread still writes the whole flush in one transaction. Anything that must reach the thread
 * after these writes (a blocking write, a prune, close) calls `handOverAll()` first.
 */

/** Raw events per slice: about 1 ms of the event loop. */
export const EVENTS_PER_SLICE = 1000;

interface Handover {
  batch: WriterBatch;
  transfer: ArrayBuffer[];
  events: SipEvent[];
  sent: number;
  done: (error: Error | undefined) => void;
}

export class BackgroundWrites {
  private readonly queue: Handover[] = [];
  private scheduled = false;

  constructor(
    private readonly writer: WriterThread,
    private readonly perSlice = EVENTS_PER_SLICE,
  ) {}

  /** Takes the batch now (its cells are copied); `done` runs once it is written or not. */
  submit(batch: FlushBatch, seq: number, done: (error: Error | undefined) => void): void {
    const { batch: b, transfer } = toWriterBatch(batch, seq);
    this.queue.push({ batch: b, transfer, events: b.events, sent: 0, done });
    if (this.queue.length === 1) this.step(false);
    this.schedule();
  }

  /** Sends everything still queued now, in order. */
  handOverAll(): void {
    while (this.queue.length > 0) this.step(true);
  }

  private schedule(): void {
    if (this.scheduled || this.queue.length === 0) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      this.step(false);
      this.schedule();
    });
  }

  /** Sends the next slice of the first handover, or all of it; the last slice carries the write. */
  private step(all: boolean): void {
    const h = this.queue[0];
    if (!h) return;
    const { events } = h;
    while (events.length - h.sent > this.perSlice) {
      try {
        this.writer.post({ op: 'stage', events: events.slice(h.sent, h.sent + this.perSlice) });
      } catch (err) {
        // Not a value the thread can take: this flush fails (its write is refused as incomplete).
        this.queue.shift();
        this.writer.submit({ op: 'write', batch: { ...h.batch, events: [], staged: -1 } }, [], () =>
          h.done(err as Error),
        );
        return;
      }
      h.sent += this.perSlice;
      if (!all) return;
    }
    this.queue.shift();
    const batch: WriterBatch = { ...h.batch, events: events.slice(h.sent), staged: h.sent };
    this.writer.submit({ op: 'write', batch }, h.transfer, (error) => h.done(error));
  }
}
