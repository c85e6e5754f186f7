import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { MessageChannel, receiveMessageOnPort, Worker } from 'node:worker_threads';
import type { MessagePort, Transferable } from 'node:worker_threads';
import type { WriterRequest, WriterResponse, WriterWorkerData } from './writer-protocol.js';

/**
 * The event loop's side of the writer thread (writer-worker.ts). Requests run one at a time in the
 * order sent. `submit` returns at once; its callback runs when the request is done. `call` blocks
 * until its request, and every one sent before it, is done (their callbacks run first, in order):
 * tests and the final flush at shutdown use it, the timers never do. A writer thread that dies
 * fails what it had pending and is started again by the next request.
 */

type WithoutId<T> = T extends unknown ? Omit<T, 'id'> : never;
type Request = WithoutId<WriterRequest>;

export type Done<T> = (error: Error | undefined, value: T | undefined) => void;

interface Pending {
  done: Done<unknown>;
  /** Submitted, not called: keeps the process alive until answered. */
  async: boolean;
}

/** How long `call` waits for an answer before giving up on the writer thread. */
const DEFAULT_TIMEOUT_MS = 30_000;
const WRITER_YOUNG_GENERATION_MB = 8;

export class WriterThread {
  private worker: Worker | undefined;
  private port: MessagePort | undefined;
  private answered = new Int32Array(new SharedArrayBuffer(4));
  private nextId = 0;
  private readonly pending = new Map<number, Pending>();
  private asyncPending = 0;
  private closed = false;

  /** Starts the thread and opens the file there; throws when it cannot. */
  constructor(
    private readonly file: string,
    private readonly timeoutMs = DEFAULT_TIMEOUT_MS,
  ) {
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

  /** Queues a request; `done` runs when it is done (from the event loop, or inside a later `call`). */
  submit<T>(req: Request, transfer: Transferable[], done: Done<T>): void {
    this.send(req, transfer, { done: done as Done<unknown>, async: true });
  }

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
      if (this.worker === worker) this.fail(new Error(`the database writer thread stopped: ${reason}`));
    };
    worker.on('error', (err) => lost(err.message));
    worker.on('exit', (code) => lost(`exit code ${code}`));
    this.worker = worker;
    this.port = port1;
    // Requests sent after it fail with its error if the file cannot be opened.
    const id = ++this.nextId;
    worker.postMessage({ op: 'open', file: this.file, id } satisfies WriterRequest);
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
        this.fail(new Error('the database writer thread lost an answer'));
      } else if (left <= 0) {
        this.fail(new Error(`the database writer thread did not answer within ${this.timeoutMs} ms`));
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
    for (const p of pending) p.done(error, undefined);
  }

  private stop(): void {
    const { worker, port } = this;
    this.worker = undefined;
    this.port = undefined;
    port?.close();
    if (worker) void worker.terminate();
  }
}

const HERE = import.meta.url;
/** Running from the TypeScript sources (tests, benches, `pnpm dev`) rather than from dist. */
const FROM_SOURCE = HERE.endsWith('.ts');
const WORKER_ENTRY = new URL(FROM_SOURCE ? './writer-worker.ts' : './writer-worker.js', HERE).href;
/** The answer id of a thread that could not start; it also moves the counter past every request. */
const FATAL = 0;

/**
 * The thread's first code (CommonJS, run with `eval`): loads the entry, and reports a failure to
 * load it as an answer, since a store blocked in `call` would not see the worker's 'error' event.
 * From source, when the process's TypeScript loader did not reach the thread (tsx's --import hook
 * does not on Node 20, nor does Vitest's), it registers tsx there and loads the entry again.
 */
function bootstrap(): string {
  const retry = FROM_SOURCE
    ? `if (err?.code !== 'ERR_UNKNOWN_FILE_EXTENSION') throw err;
    (await import(${JSON.stringify(tsxApiUrl())})).register();
    await import(${JSON.stringify(`${WORKER_ENTRY}?tsx`)});`
    : 'throw err;';
  return `
const { workerData } = require('node:worker_threads');
(async () => {
  try {
    await import(${JSON.stringify(WORKER_ENTRY)});
  } catch (err) {
    ${retry}
  }
})().catch((err) => {
  const { port, answered } = workerData;
  port.postMessage({ id: ${FATAL}, ok: false, error: { name: String(err?.name ?? 'Error'), message: String(err?.message ?? err) } });
  Atomics.store(answered, 0, 0x7fffffff);
  Atomics.notify(answered, 0);
  port.close();
});`;
}

function tsxApiUrl(): string {
  const manifest = createRequire(HERE).resolve('tsx/package.json');
  const pkg = JSON.parse(readFileSync(manifest, 'utf8')) as {
    exports: Record<string, { import: { default: string } }>;
  };
  return new URL(pkg.exports['./esm/api']!.import.default, pathToFileURL(manifest)).href;
}
