import type { Request, RequestHandler, Response } from 'express';
import { isSpace } from '../syslog/extractors/scan.js';

/**
 * Reads an NDJSON body as express.raw does (req.body a Buffer, `entity.too.large` past the byte
 * limit), but stops as soon as it has seen more than `maxItems` lines that certainly hold an item:
 * a 5 MiB body of `{}` lines is then refused after its first 30 KB instead of being gathered into
 * one 5 MiB buffer per request (which costs the heap a major collection each time). The rest of
 * the body is read and dropped so the connection stays usable. Compressed bodies go to `fallback`.
 */
export function readNdjsonBody(options: {
  limitBytes: number;
  maxItems: number;
  fallback: RequestHandler;
}): RequestHandler {
  const { limitBytes, maxItems, fallback } = options;
  return (req, res, proceed) => {
    let done = false;
    const next = (err?: unknown): void => {
      if (done) return;
      done = true;
      proceed(err);
    };
    const encoding = (req.headers['content-encoding'] ?? 'identity').toLowerCase();
    if (encoding !== 'identity') return fallback(req, res, proceed);
    const declared = Number(req.headers['content-length']);
    if (declared > limitBytes) return discard(req, () => next(tooLarge()));

    const chunks: Buffer[] = [];
    let bytes = 0;
    const lines = new ItemLineCounter();
    const stop = (then: () => void): void => {
      req.off('data', onData);
      req.off('end', onEnd);
      discard(req, then);
    };
    const onData = (chunk: Buffer): void => {
      bytes += chunk.length;
      if (bytes > limitBytes) return stop(() => next(tooLarge()));
      chunks.push(chunk);
      if (lines.push(chunk, maxItems) > maxItems) {
        chunks.length = 0;
        setTooManyItems(res, lines.count);
        stop(() => next());
      }
    };
    const onEnd = (): void => {
      req.off('data', onData);
      req.body = Buffer.concat(chunks, bytes);
      next();
    };
    req.on('data', onData);
    req.on('end', onEnd);
    req.once('error', (err) => next(Object.assign(err, { status: 400 })));
  };
}

/** Set on `res.locals` when readNdjsonBody stopped early: how many items it had counted. */
export function tooManyItems(res: Response): number | undefined {
  return (res.locals as { tooManyItems?: number }).tooManyItems;
}

function setTooManyItems(res: Response, count: number): void {
  (res.locals as { tooManyItems?: number }).tooManyItems = count;
}

function tooLarge(): Error {
  return Object.assign(new Error('request entity too large'), { type: 'entity.too.large', status: 413 });
}

/** Reads the rest of the body into nothing, then calls `then` (once the request has ended). */
function discard(req: Request, then: () => void): void {
  if (req.readableEnded) return then();
  req.on('data', () => {});
  req.once('end', then);
  req.resume();
}

/**
 * Counts lines holding a character other than white space, across chunks, looking only at ASCII
 * bytes: a line of nothing but non-ASCII characters may be blank (U+00A0) and is not counted, so
 * the count never exceeds what parseEventsBody reads. Each line is scanned up to its first item
 * byte only.
 */
class ItemLineCounter {
  count = 0;
  private lineCounted = false;

  push(chunk: Buffer, limit: number): number {
    let pos = 0;
    while (pos < chunk.length && this.count <= limit) {
      const nl = chunk.indexOf(10, pos);
      const end = nl < 0 ? chunk.length : nl;
      for (let i = pos; !this.lineCounted && i < end; i++) {
        const b = chunk[i]!;
        if (b < 0x80 && !isSpace(b)) {
          this.count++;
          this.lineCounted = true;
        }
      }
      if (nl < 0) break;
      this.lineCounted = false;
      pos = nl + 1;
    }
    return this.count;
  }
}
