import express from 'express';
import type { ErrorRequestHandler, Request, RequestHandler, Response, Router } from 'express';
import type { ServerContext } from '../../context.js';
import { CHANNELS } from '../../wire/event.js';
import type { IntakeBatch, Intake } from '../intake.js';
import { eventSource } from '../normalise.js';
import type { NormaliseResult, SourceMeta } from '../normalise.js';
import { MAX_JSON_DEPTH, parseEventsBody } from './events-body.js';
import type { BodyItem } from './events-body.js';
import { decodeFreeswitchBody, mapFreeswitchCdr } from './freeswitch.js';
import { mapGeneric } from './generic.js';
import type { JsonErrorLocation } from './json-error.js';
import { mediaType, requestHost, sendError } from './respond.js';
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
/** Rejected items listed in one answer; beyond that only the total is given. */
const MAX_LISTED_REJECTIONS = 1000;
/** Answer fields masked in a Twilio payload kept as raw when user parts are masked. */
const TWILIO_NUMBER_FIELDS = ['From', 'To', 'Caller', 'Called', 'ForwardedFrom'];

interface Rejected {
  index: number;
  field: string;
  reason: string;
  line?: number;
}

/** Collects per-item outcomes of one request and answers with {accepted, rejected, unparsed}. */
class Outcome {
  readonly rejected: Rejected[] = [];
  rejectedTotal = 0;
  unparsed = 0;

  constructor(readonly batch: IntakeBatch) {}

  result(index: number, r: NormaliseResult): void {
    if (!r.ok) this.reject({ index, ...r.rejection });
  }

  reject(item: Rejected): void {
    this.rejectedTotal++;
    if (this.rejected.length < MAX_LISTED_REJECTIONS) this.rejected.push(item);
  }

  send(res: Response): void {
    this.batch.commit('now');
    const accepted = this.batch.events.length;
    const body: Record<string, unknown> = { accepted, rejected: this.rejected };
    if (this.unparsed > 0) body.unparsed = this.unparsed;
    if (this.rejectedTotal > this.rejected.length) body.rejectedTotal = this.rejectedTotal;
    if (accepted === 0 && this.rejectedTotal > 0) {
      res.status(400).json({ error: 'invalid', message: 'no item was accepted; see rejected', ...body });
      return;
    }
    res.status(200).json(body);
  }
}

function bodyText(req: Request): string {
  return Buffer.isBuffer(req.body) ? req.body.toString('utf8') : '';
}

function malformed(res: Response, e: JsonErrorLocation): void {
  sendError(res, 400, 'malformed-json', `malformed JSON at line ${e.line} column ${e.column}: ${e.message}`, {
    position: e.position,
    line: e.line,
    column: e.column,
  });
}

function tooDeep(index: number, line: number | undefined): Rejected {
  const reason = `objects and arrays nested deeper than ${MAX_JSON_DEPTH} levels`;
  return line === undefined ? { index, field: '(item)', reason } : { index, line, field: '(item)', reason };
}

function jsonLineError(index: number, item: Extract<BodyItem, { error: JsonErrorLocation }>): Rejected {
  return {
    index,
    line: item.line,
    field: '(json)',
    reason: `malformed JSON at line ${item.error.line} column ${item.error.column}: ${item.error.message}`,
  };
}

/**
 * The HTTP intake, mounted under /api/v1: POST /events, the vendor webhooks, and the intake's own
 * stats (GET /ingest/stats, GET /ingest/unparsed).
 */
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
        415,
        'unsupported-media-type',
        `expected ${types.join(' or ')}, got ${type ?? 'no Content-Type'}`,
        {
          accepted: types,
        },
      );
    };

  const readBody = express.raw({ type: () => true, limit: config.http.bodyLimitBytes });

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
        return sendError(res, 400, 'invalid', `channel must be one of ${CHANNELS.join(', ')}`, {
          field: 'channel',
        });
      samples = samples.filter((s) => s.channel === channel);
    }
    if (typeof host === 'string' && host !== '') samples = samples.filter((s) => s.host === host);
    if (limit !== undefined) {
      const n = Number(limit);
      if (!Number.isInteger(n) || n < 0)
        return sendError(res, 400, 'invalid', 'limit must be a non-negative integer', { field: 'limit' });
      samples = samples.slice(0, n);
    }
    res.json({ samples });
  });

  /**
   * A JSON or NDJSON batch: a malformed body is answered 400; a malformed NDJSON line is rejected
   * on its own; `toInput` turns each item into an event input, or undefined when it cannot
   * (counted as unparsed, kept as a sample).
   */
  const ingestJsonBatch = (
    req: Request,
    res: Response,
    metaFor: (ndjson: boolean) => SourceMeta,
    toInput: (value: unknown) => unknown,
  ): void => {
    const ndjson = NDJSON_TYPES.includes(mediaType(req) ?? '');
    const parsed = parseEventsBody(bodyText(req), ndjson, config.http.maxItemsPerRequest);
    const host = requestHost(req);
    if (!parsed.ok && parsed.tooMany !== undefined) {
      stats.rejected('http', host, 'too-many-items');
      const limit = config.http.maxItemsPerRequest;
      return sendError(res, 413, 'too-many-items', `a request may carry at most ${limit} items`, { limit });
    }
    if (!parsed.ok) {
      stats.rejected('http', host, 'malformed-json');
      return malformed(res, parsed.error);
    }
    const m = metaFor(ndjson);
    const outcome = new Outcome(intake.batch('http'));
    parsed.items.forEach((item, index) => {
      if (!item.ok && item.tooDeep) {
        outcome.batch.reject(host, 'too-deep');
        outcome.reject(tooDeep(index, item.line));
        return;
      }
      if (!item.ok) {
        outcome.batch.reject(host, 'malformed-json');
        outcome.reject(jsonLineError(index, item));
        return;
      }
      const raw = rawOf(item.value, item.raw);
      const input = toInput(item.value);
      if (input === undefined) {
        outcome.batch.unparsed(host, raw ?? '');
        outcome.unparsed++;
        return;
      }
      outcome.result(index, outcome.batch.add(input, raw === undefined ? m : { ...m, raw }));
    });
    outcome.send(res);
  };

  router.post('/events', accept([JSON_TYPE, ...NDJSON_TYPES]), readBody, (req, res) =>
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
    sendError(res, 403, 'bad-signature', 'X-Twilio-Signature is missing or does not match this request');
  };

  router.post('/webhooks/twilio', accept([FORM_TYPE]), readBody, twilioAuth, (req, res) => {
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

  router.post('/webhooks/freeswitch', accept(FREESWITCH_TYPES, true), readBody, (req, res) => {
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
    sendError(res, 404, 'unknown-mapping', `no mapping named ${JSON.stringify(name)} in ingest.mappings`);
  };

  router.post(
    '/webhooks/generic/:name',
    knownMapping,
    accept([JSON_TYPE, ...NDJSON_TYPES]),
    readBody,
    (req, res) => {
      const name = String(req.params.name);
      const mapping = config.ingest.mappings[name]!;
      ingestJsonBatch(
        req,
        res,
        () => meta(req, `generic:${name}`, mapping.scope),
        (value) => mapGeneric(value, mapping),
      );
    },
  );

  const bodyErrors: ErrorRequestHandler = (err: { type?: string; status?: number }, req, res, next) => {
    if (res.headersSent) return next(err);
    const host = requestHost(req);
    if (err.type === 'entity.too.large') {
      stats.rejected('http', host, 'too-large');
      return sendError(res, 413, 'too-large', `request body exceeds ${config.http.bodyLimitBytes} bytes`, {
        limit: config.http.bodyLimitBytes,
      });
    }
    if (typeof err.status === 'number' && err.status >= 400 && err.status < 500) {
      stats.rejected('http', host, 'malformed-body');
      return sendError(res, err.status, 'malformed-body', 'the request body could not be read');
    }
    next(err);
  };
  router.use(bodyErrors);

  return router;
}
