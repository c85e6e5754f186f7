import { parentPort, workerData } from 'node:worker_threads';
import BetterSqlite3 from 'better-sqlite3';
import { FlushWriter } from './flush-writer.js';
/**
 * The writer thread: its own connection to the database file, taking flushes and prunes in the
 * order they were sent. The event loop only posts them (see writer-thread.ts).
 */
const { port, answered } = workerData;
let db;
let writer;
/** Why the file could not be opened: the answer to every later request. */
let openError;
/** Raw events sent ahead of the next write. */
let staged = [];
function handle(req) {
    switch (req.op) {
        case 'open':
            try {
                db = new BetterSqlite3(req.file, { fileMustExist: true });
                // The store created the file and its tables and set WAL mode already.
                db.pragma('synchronous = NORMAL');
                db.pragma('busy_timeout = 5000');
                writer = new FlushWriter(db);
            }
            catch (err) {
                openError = err;
                db?.close();
                db = undefined;
                throw err;
            }
            return null;
        case 'write': {
            const ahead = staged.flat();
            staged = [];
            if (!writer)
                throw openError ?? new Error('the database writer is not open');
            const { batch } = req;
            if (ahead.length !== (batch.staged ?? 0)) {
                // Only if a thread died between the slices: refuse, so the flush is retried whole.
                throw new Error(`raw events sent ahead were lost (${ahead.length} of ${batch.staged ?? 0})`);
            }
            writer.write(ahead.length > 0 ? { ...batch, events: ahead.concat(batch.events) } : batch);
            return null;
        }
        case 'prune':
            if (!writer)
                throw openError ?? new Error('the database writer is not open');
            return writer.prune(req.policy);
        case 'stage':
            return null;
        case 'close':
            db?.close();
            db = undefined;
            writer = undefined;
            return null;
    }
}
parentPort.on('message', (req) => {
    if (req.op === 'stage') {
        staged.push(req.events);
        return;
    }
    let res;
    try {
        res = { id: req.id, ok: true, value: handle(req) };
    }
    catch (err) {
        const e = err;
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
        parentPort.close();
    }
});
//# sourceMappingURL=writer-worker.js.map