import express from 'express';
import type { ErrorRequestHandler, Request, RequestHandler, Response, Router } from 'express';
import type { ServerContext } from '../../context.js';
import { CHANNELS } from '@sipwatch/wire';
import type { IntakeBatch, Intake } from '../intake.js';
import { eventSource } from '../normalise.js';
import type { NormaliseResult, SourceMeta } from '../normalise.js';
import { readJsonBatch, Refusals, tooDeep } from './json-batch.js';
import type { JsonBatchReply, JsonBatchRequest } from './json-batch.js';
import { decodeFreeswitchBody, mapFreeswitchCdr } from './freeswitch.js';
import { mapGeneric } from './generic.js';
import { readNdjsonBody, tooManyItems } from './ndjson-body.js';
import type { JsonErrorLocation } from './json-error.js';
import { bodyParserError, sendDomainError, sendError } from '../../http-errors.js';
import { mediaType, requestHost } from './respond.js';
import { mapTwilioCallback } from './twilio.js';
import { candidateUrls, verifyTwilioSignature } from './twilio-signature.js';

const JSON_TYPE = 'application/json';
const NDJSON_TYPES = [
  'application/x-ndjson',
  'application/ndjson',
  'application/jsonl',
  'application/x-jsonlines',
];
const FORM_TYPE = 'application/x-www-form-urlencoded';
const FREESWITCH_TYPES = [
  JSON_TYPE,
  FORM_TYPE,
  'application/x-www-form-base64-encoded',
  'text/plain',
  'application/octet-stream',
];
/** Answer fields masked in a Twilio payload kept as raw when user parts are masked. */
const TWILIO_NUMBER_FIELDS = ['From', 'To', 'Caller', 'Called', 'ForwardedFrom'];
/** Retry-After of an ingest refused while the intake workers are behind. */
const BEHIND_RETRY_AFTER_MS = 1000;

/** Answers a read batch with {accepted, rejected, unparsed} (400 when nothing was accepted). */
function sendRead(res: Response, reply: Extract<JsonBatchReply, { kind: 'read' }>, accepted: number): void {
  const body: Record<string, unknown> = { accepted, rejected: reply.rejected };
  if (reply.unparsed > 0) body.unparsed = reply.unparsed;
  if (reply.rejectedTotal > reply.rejected.length) body.rejectedTotal = reply.rejectedTotal;
  if (accepted === 0 && reply.rejectedTotal > 0) {
    sendError(res, 'invalid', 'no item was accepted; see rejected', body);
    return;
  }
  res.status(200).json(body);
}

/** Collects per-item outcomes of one webhook request and answers with {accepted, rejected, unparsed}. */
class Outcome extends Refusals {
  constructor(readonly batch: IntakeBatch) {
    super();
  }

  result(index: number, r: NormaliseResult): void {
    if (!r.ok) this.reject({ index, ...r.rejection });
  }

  send(res: Response): void {
    this.batch.commit('now');
    sendRead(res, this.reply() as Extract<JsonBatchReply, { kind: 'read' }>, this.batch.events.length);
  }
}

function bodyText(req: Request): string {
  return Buffer.isBuffer(req.body) ? req.body.toString('utf8') : '';
}

function malformed(res: Response, e: JsonErrorLocation): void {
  sendError(res, 'malformed-json', `malformed JSON at line ${e.line} column ${e.column}: ${e.message}`, {
    position: e.position,
    line: e.line,
    column: e.column,
  });
}

/**
 * The HTTP intake, mounted under /api/v1: POST /events, the vendor webhooks, and the intake's own
 * stats (GET /ingest/stats, GET /ingest/unparsed).
 */
/** Retry-After of an ingest refused while storage is full. */
const STORAGE_RETRY_AFTER_MS = 30_000;

export function createIngestRouter(ctx: ServerContext, intake: Intake): Router {
  const { config, clock, stats } = ctx;
  const { twilioAuthToken, publicBaseUrl, maskUserParts, rawMaxBytes } = config.ingest;
  const router = express.Router();

  const accept =
    (types: readonly string[], allowMissing = false): RequestHandler =>
    (req, res, next) => {
      const type = mediaType(req);
      if ((type === undefined && allowMissing) || (type !== undefined && types.includes(type))) return next();
      stats.rejected('http', requestHost(req), 'unsupported-media-type');
      sendError(
        res,
        'unsupported-media-type',
        `expected ${types.join(' or ')}, got ${type ?? 'no Content-Type'}`,
        {
          accepted: types,
        },
      );
    };

  // Not acknowledged, so not lost: the sender is told to try again (see kpis.md, "When writes fail").
  const storageOpen: RequestHandler = (req, res, next) => {
    if (!ctx.intakeRefused?.()) return next();
    stats.rejected('http', requestHost(req), 'storage-full');
    sendError(
      res,
      'unavailable',
      'the server cannot save what it receives (the database takes no writes and memory is full); retry later',
      { retryAfterMs: STORAGE_RETRY_AFTER_MS, reason: 'storage-full' },
    );
  };

  const readBody = express.raw({ type: () => true, limit: config.http.bodyLimitBytes });
  const readNdjson = readNdjsonBody({
    limitBytes: config.http.bodyLimitBytes,
    maxItems: config.http.maxItemsPerRequest,
    fallback: readBody,
  });
  /** JSON as it comes; NDJSON counted while it arrives (a body of millions of short lines stops early). */
  const readBatchBody: RequestHandler = (req, res, next) =>
    NDJSON_TYPES.includes(mediaType(req) ?? '') ? readNdjson(req, res, next) : readBody(req, res, next);

  const meta = (req: Request, format: string, scope: SourceMeta['scope'], method?: string): SourceMeta => ({
    source: eventSource('http', format, requestHost(req)),
    receivedAt: clock.now(),
    scope,
    ...(method ? { method } : {}),
  });

  const rawOf = (value: unknown, text?: string): string | undefined =>
    rawMaxBytes === 0 ? undefined : (text ?? JSON.stringify(value));

  router.get('/ingest/stats', (_req, res) => {
    res.json(stats.snapshot());
  });

  router.get('/ingest/unparsed', (req, res) => {
    const { channel, host, limit } = req.query;
    let samples = stats.unparsedSamples();
    if (typeof channel === 'string' && channel !== '') {
      if (!(CHANNELS as readonly string[]).includes(channel))
        return sendError(res, 'invalid', `channel must be one of ${CHANNELS.join(', ')}`, {
          errors: [{ field: 'channel', reason: `must be one of ${CHANNELS.join(', ')}` }],
        });
      samples = samples.filter((s) => s.channel === channel);
    }
    if (typeof host === 'string' && host !== '') samples = samples.filter((s) => s.host === host);
    if (limit !== undefined) {
      const n = Number(limit);
      if (!Number.isInteger(n) || n < 0)
        return sendError(res, 'invalid', 'limit must be a non-negative integer', {
          errors: [{ field: 'limit', reason: 'must be a non-negative integer' }],
        });
      samples = samples.slice(0, n);
    }
    res.json({ samples });
  });

  const answerBatch = (res: Response, host: string, reply: JsonBatchReply, accepted: number): void => {
    if (reply.kind === 'too-many-items') {
      stats.rejected('http', host, 'too-many-items');
      const limit = config.http.maxItemsPerRequest;
      return sendError(res, 'too-many-items', `a request may carry at most ${limit} items`, { limit });
    }
    if (reply.kind === 'malformed') {
      stats.rejected('http', host, 'malformed-json');
      return malformed(res, reply.error);
    }
    sendRead(res, reply, accepted);
  };

  /**
   * A JSON or NDJSON batch (see json-batch.ts), read by an intake worker when there are any:
   * `mapping` names the generic mapping the worker applies, `toInput` is the same on this thread.
   */
  const ingestJsonBatch = (
    req: Request,
    res: Response,
    metaFor: (ndjson: boolean) => SourceMeta,
    toInput: (value: unknown) => unknown,
    mapping?: string,
  ): void => {
    const ndjson = NDJSON_TYPES.includes(mediaType(req) ?? '');
    const host = requestHost(req);
    if (tooManyItems(res) !== undefined) return answerBatch(res, host, { kind: 'too-many-items' }, 0);
    const request: JsonBatchRequest = {
      body: Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0),
      ndjson,
      maxItems: config.http.maxItemsPerRequest,
      host,
      meta: metaFor(ndjson),
      rawMaxBytes,
    };
    const pool = intake.pool;
    if (!pool) {
      const batch = intake.batch('http');
      const reply = readJsonBatch(request, toInput, batch);
      batch.commit('now');
      return answerBatch(res, host, reply, batch.events.length);
    }
    // Not acknowledged, so not lost: the sender is told to try again shortly.
    if (pool.full) {
      stats.rejected('http', host, 'intake-behind');
      stats.paused('http');
      return sendError(res, 'unavailable', 'the intake is behind; retry shortly', {
        retryAfterMs: BEHIND_RETRY_AFTER_MS,
        reason: 'intake-behind',
      });
    }
    const job = { kind: 'json-batch' as const, request, ...(mapping !== undefined && { mapping }) };
    pool.submit(job, request.body.length, [], (result) => {
      if (!result?.reply) {
        stats.rejected('http', host, 'worker-lost');
        return sendError(res, 'unavailable', 'the intake worker reading this request stopped; retry', {
          retryAfterMs: BEHIND_RETRY_AFTER_MS,
          reason: 'worker-lost',
        });
      }
      const events = intake.absorb('http', result);
      answerBatch(res, host, result.reply, events.length);
    });
  };

  router.post('/events', storageOpen, accept([JSON_TYPE, ...NDJSON_TYPES]), readBatchBody, (req, res) =>
    ingestJsonBatch(
      req,
      res,
      (ndjson) => meta(req, ndjson ? 'ndjson' : 'json', 'transaction'),
      (value) => value,
    ),
  );

  const twilioAuth: RequestHandler = (req, res, next) => {
    // Without an auth token, the ingest role guards this route like the others (security/route-roles.ts).
    if (!twilioAuthToken) return next();
    const params = new URLSearchParams(bodyText(req));
    const urls = candidateUrls(publicBaseUrl, req.headers.host, req.originalUrl);
    const signature = req.headers['x-twilio-signature'];
    if (
      verifyTwilioSignature(
        twilioAuthToken,
        typeof signature === 'string' ? signature : undefined,
        urls,
        params,
      )
    )
      return next();
    stats.rejected('http', requestHost(req), 'bad-signature');
    sendError(res, 'bad-signature', 'X-Twilio-Signature is missing or does not match this request');
  };

  router.post('/webhooks/twilio', storageOpen, accept([FORM_TYPE]), readBody, twilioAuth, (req, res) => {
    const text = bodyText(req);
    const params = new URLSearchParams(text);
    const outcome = new Outcome(intake.batch('http'));
    const host = requestHost(req);
    let raw = text;
    if (maskUserParts) {
      const masked = new URLSearchParams(params);
      for (const f of TWILIO_NUMBER_FIELDS) if (masked.has(f)) masked.set(f, '***');
      raw = masked.toString();
    }
    const fields = mapTwilioCallback(params);
    if (!fields) {
      outcome.batch.unparsed(host, raw);
      outcome.unparsed++;
    } else {
      outcome.result(0, outcome.batch.add(fields, { ...meta(req, 'twilio', 'call', 'INVITE'), raw }));
    }
    outcome.send(res);
  });

  router.post('/webhooks/freeswitch', storageOpen, accept(FREESWITCH_TYPES, true), readBody, (req, res) => {
    const decoded = decodeFreeswitchBody(bodyText(req), mediaType(req));
    const host = requestHost(req);
    if (!decoded.ok && decoded.tooDeep) {
      const refused = new Outcome(intake.batch('http'));
      refused.batch.reject(host, 'too-deep');
      refused.reject(tooDeep(0, undefined));
      return refused.send(res);
    }
    if (!decoded.ok) {
      stats.rejected('http', host, 'malformed-json');
      return malformed(res, decoded.error);
    }
    const outcome = new Outcome(intake.batch('http'));
    const fields = mapFreeswitchCdr(decoded.value);
    const raw = rawOf(decoded.value);
    if (!fields) {
      outcome.batch.unparsed(host, raw ?? '');
      outcome.unparsed++;
    } else {
      const m = meta(req, 'freeswitch-json-cdr', 'call', 'INVITE');
      outcome.result(0, outcome.batch.add(fields, raw === undefined ? m : { ...m, raw }));
    }
    outcome.send(res);
  });

  const knownMapping: RequestHandler = (req, res, next) => {
    const name = String(req.params.name);
    if (Object.hasOwn(config.ingest.mappings, name)) return next();
    sendError(res, 'unknown-mapping', `no mapping named ${JSON.stringify(name)} in ingest.mappings`);
  };

  router.post(
    '/webhooks/generic/:name',
    storageOpen,
    knownMapping,
    accept([JSON_TYPE, ...NDJSON_TYPES]),
    readBatchBody,
    (req, res) => {
      const name = String(req.params.name);
      const mapping = config.ingest.mappings[name]!;
      ingestJsonBatch(
        req,
        res,
        () => meta(req, `generic:${name}`, mapping.scope),
        (value) => mapGeneric(value, mapping),
        name,
      );
    },
  );

  const bodyErrors: ErrorRequestHandler = (err: unknown, req, res, next) => {
    const refusal = res.headersSent ? undefined : bodyParserError(err);
    if (!refusal) return next(err);
    stats.rejected('http', requestHost(req), refusal.code);
    if (refusal.code !== 'too-large') return sendDomainError(res, refusal);
    sendError(res, 'too-large', `request body exceeds ${config.http.bodyLimitBytes} bytes`, {
      limit: config.http.bodyLimitBytes,
    });
  };
  router.use(bodyErrors);

  return router;
}
