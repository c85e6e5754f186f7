import { Worker } from 'node:worker_threads';
import type { Transferable } from 'node:worker_threads';
import type { Config } from '../../config.js';
import type { Logger } from '../../logger.js';
import { workerBootstrap, workerEntry } from '../../worker-bootstrap.js';
import type { IntakeFatal, IntakeJob, IntakeResult, IntakeWorkerData } from './protocol.js';

/** Each worker's garbage is a batch's worth at a time: a small young generation keeps RSS down. */
const WORKER_YOUNG_GENERATION_MB = 16;

/** `undefined`: the worker stopped before answering (the job is lost, and counted so by the caller). */
export type JobDone = (result: IntakeResult | undefined) => void;

interface Pending {
  done: JobDone;
  bytes: number;
}

interface Thread {
  worker: Worker;
  pending: Map<number, Pending>;
  bytes: number;
}

/**
 * The intake's worker threads, as the event loop sees them: jobs go to the thread with the fewest
 * bytes waiting, each answer comes back to its job's callback. `full` says when the threads fall
 * behind (bytes waiting past the high-water mark): the listeners then push back (TCP stops reading,
 * HTTP answers 503, UDP drops and counts). A thread that dies fails its jobs and is started again
 * on the next job.
 */
export class IntakePool {
  private readonly threads: (Thread | undefined)[];
  private nextId = 0;
  private waiting = 0;
  private room: (() => void)[] = [];
  private drained: (() => void)[] = [];
  private closed = false;
  /** Threads started after one stopped. */
  restarts = 0;

  private readonly highWaterBytes: number;

  constructor(
    private readonly config: Config,
    readonly size: number,
    private readonly logger: Logger,
  ) {
    this.highWaterBytes = config.intake.maxBacklogBytes;
    this.threads = Array.from({ length: size }, () => undefined);
    for (let i = 0; i < size; i++) this.threads[i] = this.start(i);
  }

  /** Bytes handed over and not yet answered. */
  get backlogBytes(): number {
    return this.waiting;
  }

  get full(): boolean {
    return this.waiting >= this.highWaterBytes;
  }

  /** Calls `fn` once the backlog is down to half the high-water mark. */
  onRoom(fn: () => void): void {
    if (this.waiting <= this.highWaterBytes / 2) fn();
    else this.room.push(fn);
  }

  /** Sends `job` (of `bytes` bytes, for the backlog) to the least busy thread. */
  submit(job: IntakeJob, bytes: number, transfer: Transferable[], done: JobDone): void {
    if (this.closed) return done(undefined);
    let best = 0;
    for (let i = 1; i < this.size; i++)
      if ((this.threads[i]?.bytes ?? 0) < (this.threads[best]?.bytes ?? 0)) best = i;
    this.submitTo(best, job, bytes, transfer, done);
  }

  /** Sends `job` to thread `index` (the CPU of each thread, for the bench). */
  submitTo(index: number, job: IntakeJob, bytes: number, transfer: Transferable[], done: JobDone): void {
    if (this.closed) return done(undefined);
    const thread = (this.threads[index] ??= this.start(index));
    const id = ++this.nextId;
    if (thread.pending.size === 0) thread.worker.ref();
    thread.pending.set(id, { done, bytes });
    thread.bytes += bytes;
    this.waiting += bytes;
    thread.worker.postMessage({ ...job, id }, transfer);
  }

  /** CPU time each thread has used, ms (Linux; NaN elsewhere), in thread order. */
  cpuMs(): Promise<number[]> {
    return Promise.all(
      this.threads.map(
        (_, i) =>
          new Promise<number>((resolve) =>
            this.submitTo(i, { kind: 'cpu' }, 0, [], (r) => resolve(r?.cpuMs ?? NaN)),
          ),
      ),
    );
  }

  /**
   * Tests only: thread `index` stops reading until the returned function is called, so what is
   * sent meanwhile waits in its queue (the backlog the listeners push back on).
   */
  hold(index: number): () => void {
    const flag = new Int32Array(new SharedArrayBuffer(4));
    this.submitTo(index, { kind: 'hold', flag }, 0, [], () => {});
    return () => {
      Atomics.store(flag, 0, 1);
      Atomics.notify(flag, 0);
    };
  }

  /** Tests only: stops thread `index` as if it had died (its jobs are failed, the next job starts it again). */
  async kill(index: number): Promise<void> {
    await this.threads[index]?.worker.terminate();
  }

  /** Resolves when every job submitted so far is answered. */
  drain(): Promise<void> {
    if (this.threads.every((t) => !t || t.pending.size === 0)) return Promise.resolve();
    return new Promise((resolve) => this.drained.push(resolve));
  }

  /** Waits for every job submitted, then stops the threads. */
  async close(): Promise<void> {
    await this.drain();
    this.closed = true;
    await Promise.all(this.threads.map((t) => t?.worker.terminate()));
  }

  private start(index: number): Thread {
    const data: IntakeWorkerData = { config: this.config };
    const worker = new Worker(
      workerBootstrap(
        WORKER_ENTRY,
        `require('node:worker_threads').parentPort.postMessage({ id: 0, fatal: String(err?.stack ?? err) });`,
      ),
      {
        eval: true,
        workerData: data,
        resourceLimits: { maxYoungGenerationSizeMb: WORKER_YOUNG_GENERATION_MB },
      },
    );
    worker.unref();
    const thread: Thread = { worker, pending: new Map(), bytes: 0 };
    worker.on('message', (msg: IntakeResult | IntakeFatal) => {
      if ('fatal' in msg) {
        this.logger.error({ worker: index, error: msg.fatal }, 'intake worker could not start');
        return;
      }
      const job = thread.pending.get(msg.id);
      if (!job) return;
      this.settle(thread, msg.id, job);
      job.done(msg);
    });
    const lost = (reason: string): void => {
      if (this.threads[index] !== thread) return;
      this.threads[index] = undefined;
      if (!this.closed) {
        this.restarts++;
        this.logger.error({ worker: index, reason }, 'intake worker stopped; its pending batches are lost');
      }
      for (const [id, job] of thread.pending) {
        this.settle(thread, id, job);
        job.done(undefined);
      }
    };
    worker.on('error', (err) => lost(err.message));
    worker.on('exit', (code) => lost(`exit code ${code}`));
    return thread;
  }

  private settle(thread: Thread, id: number, job: Pending): void {
    thread.pending.delete(id);
    thread.bytes -= job.bytes;
    this.waiting -= job.bytes;
    if (thread.pending.size === 0) thread.worker.unref();
    if (this.room.length > 0 && this.waiting <= this.highWaterBytes / 2) {
      const room = this.room;
      this.room = [];
      for (const fn of room) fn();
    }
    if (this.drained.length > 0 && this.threads.every((t) => !t || t.pending.size === 0)) {
      const drained = this.drained;
      this.drained = [];
      for (const fn of drained) fn();
    }
  }
}

const WORKER_ENTRY = workerEntry(import.meta.url, 'intake-worker');
