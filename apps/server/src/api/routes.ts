import { Router } from 'express';
import type { NextFunction, Request, Response } from 'express';
import type { Logger } from '../logger.js';
import type { Store } from '../store/store.js';
import type { CodeDetail, EventsPage, LiveWindow } from '../wire/aggregates.js';
import {
  CodeParams,
  CodePathParam,
  EventsParams,
  filterOf,
  ParamError,
  parseParams,
  sendParamError,
  SeriesParams,
  SummaryParams,
  TrunksParams,
} from './params.js';
import type { QueryService } from './queries.js';
import { MAX_SERIES_POINTS, WINDOW_MS } from './queries.js';

export interface ApiDeps {
  queries: QueryService;
  store: Pick<Store, 'queryEvents'>;
  logger: Logger;
  /** The longest range a query may ask for, ms (retention plus the day-ago baseline). */
  maxRangeMs: number;
}

interface RangeInput {
  window?: LiveWindow | undefined;
  from?: number | undefined;
  to?: number | undefined;
}

/** The read side of the REST API, under /api/v1. */
export function apiRouter(deps: ApiDeps): Router {
  const { queries } = deps;
  const router = Router();

  const rangeOf = (p: RangeInput, fallback: LiveWindow): { from: number; to: number } => {
    if (p.window !== undefined && (p.from !== undefined || p.to !== undefined)) {
      throw new ParamError('window', 'give either window or from/to, not both');
    }
    if (p.from === undefined && p.to === undefined) return queries.liveRange(p.window ?? fallback);
    const to = p.to ?? queries.liveEnd();
    const from = p.from ?? to - WINDOW_MS[fallback];
    if (from >= to) throw new ParamError('from', 'must be before to');
    if (to - from > deps.maxRangeMs) {
      throw new ParamError(
        'from',
        `the range may span at most ${Math.floor(deps.maxRangeMs / 86_400_000)} days`,
      );
    }
    return { from, to };
  };

  router.get('/api/v1/summary', async (req, res) => {
    const p = parseParams(SummaryParams, req.query);
    const { from, to } = rangeOf(p, '5m');
    res.json(await queries.summaryInSlices(from, to, filterOf(p)));
  });

  router.get('/api/v1/series', async (req, res) => {
    const p = parseParams(SeriesParams, req.query);
    const { from, to } = rangeOf({ from: p.from, to: p.to }, '15m');
    const step = p.step ?? p.stepMs ?? Math.max(1000, Math.ceil((to - from) / 600 / 1000) * 1000);
    if ((to - from) / step > MAX_SERIES_POINTS) {
      throw new ParamError(
        p.step !== undefined ? 'step' : 'stepMs',
        `too small for the range: at most ${MAX_SERIES_POINTS} points`,
      );
    }
    res.json(await queries.seriesInSlices(from, to, step, p.group, filterOf(p)));
  });

  router.get('/api/v1/codes/:code', (req, res) => {
    const codeParsed = CodePathParam.safeParse(req.params.code);
    if (!codeParsed.success) throw new ParamError('code', codeParsed.error.issues[0]!.message);
    const code = codeParsed.data;
    const p = parseParams(CodeParams, req.query);
    const described = queries.describe(code)!;
    const filter = filterOf(p);
    const range = rangeOf(p, '1h');
    const cur = queries.cover(range.from, range.to);
    const hour = queries.cover(cur.from - 3_600_000, cur.to - 3_600_000);
    const day = queries.cover(cur.from - 86_400_000, cur.to - 86_400_000);
    const countOf = (tables: typeof cur.tables) => queries.tally(tables, { ...filter, code }).responses;
    const body: CodeDetail = {
      ...described,
      window: { from: cur.from, to: cur.to },
      filter,
      stats: queries.codeBreakdown(code, cur.tables, filter),
      baseline: { hourAgo: countOf(hour.tables), dayAgo: countOf(day.tables) },
      samples:
        p.samples === 0
          ? []
          : deps.store.queryEvents({
              code,
              trunk: filter.trunk,
              source: filter.source,
              method: filter.method,
              limit: p.samples,
            }),
    };
    res.json(body);
  });

  router.get('/api/v1/events', (req, res) => {
    const p = parseParams(EventsParams, req.query);
    const events = deps.store.queryEvents({
      code: p.code,
      trunk: p.trunk,
      source: p.source,
      method: p.method,
      callId: p.callId,
      from: p.from,
      to: p.to,
      beforeId: p.cursor === undefined ? undefined : Number(p.cursor),
      limit: p.limit,
    });
    const body: EventsPage = {
      events,
      nextCursor: events.length === p.limit ? String(events[events.length - 1]!.id) : null,
    };
    res.json(body);
  });

  router.get('/api/v1/trunks', async (req, res) => {
    const p = parseParams(TrunksParams, req.query);
    const { from, to } = rangeOf(p, '1h');
    res.json(await queries.trunksInSlices(from, to));
  });

  router.use('/api/v1', (err: unknown, _req: Request, res: Response, next: NextFunction) => {
    if (err instanceof ParamError) {
      sendParamError(res, err);
      return;
    }
    next(err);
  });

  return router;
}

/** The last handler: JSON for every error, never a stack trace. */
export function jsonErrorHandler(logger: Logger) {
  return (err: unknown, req: Request, res: Response, _next: NextFunction): void => {
    const status =
      (err as { status?: number; statusCode?: number }).status ?? (err as { statusCode?: number }).statusCode;
    if (status && status >= 400 && status < 500) {
      res.status(status).json({ error: (err as Error).message });
      return;
    }
    logger.error({ err, path: req.path }, 'request failed');
    if (!res.headersSent) res.status(500).json({ error: 'internal error' });
  };
}
