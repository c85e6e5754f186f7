import type { Transferable } from 'node:worker_threads';
import type { WriterRequest } from './writer-protocol.js';
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
export declare class WriterThread {
    private readonly file;
    private readonly timeoutMs;
    private worker;
    private port;
    private answered;
    private nextId;
    private readonly pending;
    private asyncPending;
    private closed;
    /** Starts the thread and opens the file there; throws when it cannot. */
    constructor(file: string, timeoutMs?: number);
    /** Runs a request and returns its result; throws what the writer threw. */
    call<T>(req: Request, transfer?: Transferable[]): T;
    /** Queues a request; `done` runs when it is done (from the event loop, or inside a later `call`). */
    submit<T>(req: Request, transfer: Transferable[], done: Done<T>): void;
    /** Sends a message that has no answer (it is handled in order with the requests). */
    post(req: Request, transfer?: Transferable[]): void;
    /** Blocks until every request sent so far is done and its callback has run. */
    waitForAll(): void;
    /** Waits for everything pending, closes the writer's connection and stops the thread. */
    close(): void;
    private send;
    /** Starts a thread and queues its 'open'; returns that request's id. */
    private start;
    private settle;
    private drain;
    private waitFor;
    /** Fails everything pending; the next request starts a new thread. */
    private fail;
    private stop;
}
export {};
