import { MessageChannel, receiveMessageOnPort, Worker } from 'node:worker_threads';
import type { MessagePort, Transferable } from 'node:worker_threads';
import type { WriterRequest, WriterResponse, WriterWorkerData } from './writer-protocol.js';
import { workerBootstrap, workerEntry } from '../worker-bootstrap.js';

/**
 * The event loop's side of the writer thread (writer-worker.ts). Requests run one at a time in the
 * order sent. `submit` returns at once; its callback runs when the request is done. `call` blocks
 * until its request, and every one sent before it, is done (their callbacks run first, in order):
 * tests and the final flush at shutdown use it, the timers never do. A writer thread that dies,
 * or a request that overruns its deadline (the watchdog), fails what it had pending with a
 * WriterLostError; the thread is stopped and started again by the next request.
 */

type WithoutId<T> = T extends unknown ? Omit<T, 'id'> : never;
type Request = WithoutId<WriterRequest>;

export type Done<T> = (error: Error | undefined, value: T | undefined) => void;

interface Pending {
  done: Done<unknown>;
  /** Submitted, not called: keeps the process alive until answered. */
  async: boolean;
  /** The watchdog of a submitted request. */
  deadline?: NodeJS.Timeout;
}

/**
 * The writer thread stopped (it died, or the watchdog stopped it) with this request unanswered:
 * whether a write in it was committed is not known.
 */
export class WriterLostError extends Error {
  override name = 'WriterLostError';
  constructor(
    message: string,
    /** True when the watchdog stopped the thread (a request overran its deadline). */
    readonly timedOut = false,
  ) {
    super(message);
  }
}

/** How long a request may take before the thread is given up on. */
const DEFAULT_TIMEOUT_MS = 30_000;
const WRITER_YOUNG_GENERATION_MB = 8;
/** How long the writer's connection waits for a lock held by another connection or process. */
const MAX_BUSY_TIMEOUT_MS = 5000;

export class WriterThread {
  private worker: Worker | undefined;
  private port: MessagePort | undefined;
  private answered = new Int32Array(new SharedArrayBuffer(4));
  private nextId = 0;
  private readonly pending = new Map<number, Pending>();
  private asyncPending = 0;
  private closed = false;
  private starts = 0;
  private maxPageCount: number | undefined;
  /** Requests that overran their deadline (each stopped the thread). */
  timeouts = 0;

  /** Starts the thread and opens the file there; throws when it cannot. */
  constructor(
    private readonly file: string,
    private readonly timeoutMs = DEFAULT_TIMEOUT_MS,
    options: { maxPageCount?: number | undefined } = {},
  ) {
    this.maxPageCount = options.maxPageCount;
    const id = this.start();
    let failed: Error | undefined;
    this.pending.set(id, { done: (e) => (failed = e), async: false });
    this.waitFor(id);
    if (failed) {
      this.closed = true;
      this.stop();
      throw failed;
    }
  }

  /** Runs a request and returns its result; throws what the writer threw. */
  call<T>(req: Request, transfer: Transferable[] = []): T {
    let outcome: { error: Error | undefined; value: unknown } | undefined;
    const id = this.send(req, transfer, {
      done: (error, value) => (outcome = { error, value }),
      async: false,
    });
    this.waitFor(id);
    if (!outcome) throw new Error('the database writer thread lost an answer');
    if (outcome.error) throw outcome.error;
    return outcome.value as T;
  }

  /**
   * Queues a request; `done` runs when it is done (from the event loop, or inside a later `call`).
   * Not answered within the deadline, it fails and the thread is stopped.
   */
  submit<T>(req: Request, transfer: Transferable[], done: Done<T>): void {
    const pending: Pending = { done: done as Done<unknown>, async: true };
    const id = this.send(req, transfer, pending);
    if (id < 0) return;
    pending.deadline = setTimeout(() => {
      if (this.pending.get(id) !== pending) return;
      this.timeouts++;
      this.fail(new WriterLostError(`the database writer did not answer within ${this.timeoutMs} ms`, true));
    }, this.timeoutMs);
    pending.deadline.unref();
  }

  /** Threads started after the first (each after the one before died or was stopped). */
  get restarts(): number {
    return Math.max(0, this.starts - 1);
  }

  /**
   * For tests only (nothing in the configuration reaches these): make the next write block in
   * the thread, holding the write lock ('before-commit') or after committing ('after-commit'),
   * until the watchdog stops it; limit the file's size in pages, to fake a full disk.
   */
  readonly testHooks = {
    hangNextWrite: (when: 'before-commit' | 'after-commit' = 'before-commit'): void =>
      this.post({ op: 'hang-next-write', when }),
    setMaxPageCount: (pages: number): void => {
      this.maxPageCount = pages;
      this.post({ op: 'max-page-count', pages });
    },
  };

  /** Sends a message that has no answer (it is handled in order with the requests). */
  post(req: Request, transfer: Transferable[] = []): void {
    if (this.closed) return;
    if (!this.worker) this.start();
    this.worker!.postMessage({ ...req, id: 0 } as WriterRequest, transfer);
  }

  /** Blocks until every request sent so far is done and its callback has run. */
  waitForAll(): void {
    while (this.pending.size > 0) this.waitFor(Math.max(...this.pending.keys()));
  }

  /** Waits for everything pending, closes the writer's connection and stops the thread. */
  close(): void {
    if (this.closed) return;
    try {
      if (this.worker) this.call({ op: 'close' });
    } finally {
      this.closed = true;
      this.stop();
    }
  }

  private send(req: Request, transfer: Transferable[], pending: Pending): number {
    if (this.closed) {
      pending.done(new Error('the database is closed'), undefined);
      return -1;
    }
    if (!this.worker) this.start();
    const id = ++this.nextId;
    try {
      this.worker!.postMessage({ ...req, id } as WriterRequest, transfer);
    } catch (err) {
      // E.g. a value that cannot be cloned: this request fails, the thread is fine.
      pending.done(err as Error, undefined);
      return -1;
    }
    this.pending.set(id, pending);
    if (pending.async && this.asyncPending++ === 0) this.port!.ref();
    return id;
  }

  /** Starts a thread and queues its 'open'; returns that request's id. */
  private start(): number {
    const { port1, port2 } = new MessageChannel();
    this.answered = new Int32Array(new SharedArrayBuffer(4));
    const data: WriterWorkerData = { port: port2, answered: this.answered };
    const worker = new Worker(bootstrap(), {
      eval: true,
      workerData: data,
      transferList: [port2],
      // Each flush is garbage once written: a small young generation keeps the thread's RSS down.
      resourceLimits: { maxYoungGenerationSizeMb: WRITER_YOUNG_GENERATION_MB },
    });
    worker.unref();
    port1.on('message', (res: WriterResponse) => this.settle(res));
    port1.unref();
    const lost = (reason: string): void => {
      if (this.worker === worker)
        this.fail(new WriterLostError(`the database writer thread stopped: ${reason}`));
    };
    worker.on('error', (err) => lost(err.message));
    worker.on('exit', (code) => lost(`exit code ${code}`));
    this.worker = worker;
    this.port = port1;
    // Requests sent after it fail with its error if the file cannot be opened.
    this.starts++;
    const id = ++this.nextId;
    worker.postMessage({
      op: 'open',
      file: this.file,
      id,
      // A lock held elsewhere fails the write (retried) well before the watchdog stops the thread:
      // a thread stopped inside SQLite's busy wait would take the process down when it returns.
      busyTimeoutMs: Math.min(MAX_BUSY_TIMEOUT_MS, Math.floor(this.timeoutMs / 3)),
      ...(this.maxPageCount !== undefined && { maxPageCount: this.maxPageCount }),
    } satisfies WriterRequest);
    return id;
  }

  private settle(res: WriterResponse): void {
    if (res.id === FATAL && !res.ok) {
      this.fail(
        Object.assign(new Error(`the database writer thread failed: ${res.error.message}`), res.error),
      );
      return;
    }
    const pending = this.pending.get(res.id);
    if (!pending) return;
    this.pending.delete(res.id);
    clearTimeout(pending.deadline);
    if (pending.async && --this.asyncPending === 0) this.port?.unref();
    if (res.ok) pending.done(undefined, res.value);
    else pending.done(Object.assign(new Error(res.error.message), res.error), undefined);
  }

  private drain(): void {
    const port = this.port;
    if (!port) return;
    for (let m = receiveMessageOnPort(port); m; m = receiveMessageOnPort(port)) {
      this.settle(m.message as WriterResponse);
    }
  }

  private waitFor(id: number): void {
    if (id < 0) return;
    const deadline = Date.now() + this.timeoutMs;
    while (this.pending.has(id)) {
      this.drain();
      if (!this.pending.has(id)) return;
      const seen = Atomics.load(this.answered, 0);
      const left = deadline - Date.now();
      if (seen >= id) {
        // The thread posts its answer before it moves the counter, so an answer that arrived
        // between the drain above and the load is in the port now: read it before giving up.
        this.drain();
        if (!this.pending.has(id)) return;
        this.fail(new WriterLostError('the database writer thread lost an answer'));
      } else if (left <= 0) {
        this.timeouts++;
        this.fail(
          new WriterLostError(`the database writer did not answer within ${this.timeoutMs} ms`, true),
        );
      } else {
        Atomics.wait(this.answered, 0, seen, Math.min(left, 1000));
      }
    }
  }

  /** Fails everything pending; the next request starts a new thread. */
  private fail(error: Error): void {
    const pending = [...this.pending.values()];
    this.pending.clear();
    this.asyncPending = 0;
    this.stop();
    for (const p of pending) {
      clearTimeout(p.deadline);
      p.done(error, undefined);
    }
  }

  private stop(): void {
    const { worker, port } = this;
    this.worker = undefined;
    this.port = undefined;
    port?.close();
    if (worker) void worker.terminate();
  }
}

const WORKER_ENTRY = workerEntry(import.meta.url, 'writer-worker');
/** The answer id of a thread that could not start; it also moves the counter past every request. */
const FATAL = 0;

/** Reports a failure to load the entry as an answer, so a store blocked in `call` sees it. */
function bootstrap(): string {
  return workerBootstrap(
    WORKER_ENTRY,
    `const { port, answered } = workerData;
  port.postMessage({ id: ${FATAL}, ok: false, error: { name: String(err?.name ?? 'Error'), message: String(err?.message ?? err) } });
  Atomics.store(answered, 0, 0x7fffffff);
  Atomics.notify(answered, 0);
  port.close();`,
  );
}
