import { DAY_MS } from '@sipwatch/wire';
import { Router } from 'express';
import type { Logger } from '../logger.js';
import type { Store } from '../store/store.js';
import type { ClusterResponse, CodeDetail, EventsPage, Explanation, LiveWindow } from '@sipwatch/wire';
import type { ClusterQueries } from '../cluster/cluster-queries.js';
import {
  CodeParams,
  CodePathParam,
  EventsParams,
  ExplainParams,
  filterOf,
  nextCursorOf,
  paramError,
  parseParams,
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
  /**
   * On a cluster node: answers /summary, /series, /codes/:code and /trunks for every node instead
   * of `queries` (a code's sample events stay this node's own).
   */
  cluster?: Pick<ClusterQueries, 'summary' | 'series' | 'code' | 'trunks' | 'boots'> | undefined;
  /** The longest range a query may ask for, ms (retention plus the day-ago baseline). */
  maxRangeMs: number;
}

interface RangeInput {
  window?: LiveWindow | undefined;
  from?: number | undefined;
  to?: number | undefined;
}

/** Explanations kept for the second they were computed in. */
const EXPLAIN_CACHE_SIZE = 32;

/** The read side of the REST API, under /api/v1. */
export function apiRouter(deps: ApiDeps): Router {
  const { queries } = deps;
  const router = Router();

  const rangeOf = (p: RangeInput, fallback: LiveWindow): { from: number; to: number } => {
    if (p.window !== undefined && (p.from !== undefined || p.to !== undefined)) {
      throw paramError('window', 'give either window or from/to, not both');
    }
    if (p.from === undefined && p.to === undefined) return queries.liveRange(p.window ?? fallback);
    const to = p.to ?? queries.liveEnd();
    const from = p.from ?? to - WINDOW_MS[fallback];
    if (from >= to) throw paramError('from', 'must be before to');
    if (to - from > deps.maxRangeMs) {
      throw paramError('from', `the range may span at most ${Math.floor(deps.maxRangeMs / DAY_MS)} days`);
    }
    return { from, to };
  };

  router.get('/api/v1/summary', async (req, res) => {
    const p = parseParams(SummaryParams, req.query);
    const { from, to } = rangeOf(p, '5m');
    const filter = filterOf(p);
    res.json(await (deps.cluster?.summary(from, to, filter) ?? queries.summaryInSlices(from, to, filter)));
  });

  router.get('/api/v1/cluster', async (_req, res) => {
    const boots = deps.cluster ? await deps.cluster.boots() : [];
    const body: ClusterResponse = {
      enabled: deps.cluster !== undefined,
      boots,
      alertLeader: boots.find((b) => b.alerts === 'leader')?.nodeId ?? null,
    };
    res.json(body);
  });

  // Walls and overviews ask for the same few windows every few seconds: one answer per closed second.
  const explained = new Map<string, { second: number; body: Explanation }>();
  router.get('/api/v1/explain', (req, res) => {
    const p = parseParams(ExplainParams, req.query);
    const { from, to } = rangeOf(p, '5m');
    const filter = filterOf(p);
    const key = JSON.stringify([from, to, p.baseline, filter]);
    const second = queries.liveEnd();
    const hit = explained.get(key);
    if (hit && hit.second === second) {
      res.json(hit.body);
      return;
    }
    const body = queries.explain(from, to, p.baseline, filter);
    explained.delete(key);
    explained.set(key, { second, body });
    if (explained.size > EXPLAIN_CACHE_SIZE) explained.delete(explained.keys().next().value!);
    res.json(body);
  });

  router.get('/api/v1/series', async (req, res) => {
    const p = parseParams(SeriesParams, req.query);
    const { from, to } = rangeOf({ from: p.from, to: p.to }, '15m');
    const step = p.step ?? p.stepMs ?? Math.max(1000, Math.ceil((to - from) / 600 / 1000) * 1000);
    if ((to - from) / step > MAX_SERIES_POINTS) {
      throw paramError(
        p.step !== undefined ? 'step' : 'stepMs',
        `too small for the range: at most ${MAX_SERIES_POINTS} points`,
      );
    }
    const filter = filterOf(p);
    res.json(
      await (deps.cluster?.series(from, to, step, p.group, filter) ??
        queries.seriesInSlices(from, to, step, p.group, filter)),
    );
  });

  router.get('/api/v1/codes/:code', async (req, res) => {
    const codeParsed = CodePathParam.safeParse(req.params.code);
    if (!codeParsed.success) throw paramError('code', codeParsed.error.issues[0]!.message);
    const code = codeParsed.data;
    const p = parseParams(CodeParams, req.query);
    const described = queries.describe(code)!;
    const filter = filterOf(p);
    const range = rangeOf(p, '1h');
    const counts = deps.cluster
      ? await deps.cluster.code(code, range.from, range.to, filter)
      : queries.code(code, range.from, range.to, filter);
    const body: CodeDetail = {
      ...described,
      window: counts.window,
      filter,
      stats: counts.stats,
      baseline: counts.baseline,
      samples:
        p.samples === 0
          ? []
          : // The newest events of the window in view (a history range or a zoomed span included).
            deps.store.queryEvents({
              code,
              trunk: filter.trunk,
              source: filter.source,
              method: filter.method,
              from: counts.window.from,
              to: counts.window.to,
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
      nextCursor: nextCursorOf(events, p.limit),
    };
    res.json(body);
  });

  router.get('/api/v1/trunks', async (req, res) => {
    const p = parseParams(TrunksParams, req.query);
    const { from, to } = rangeOf(p, '1h');
    res.json(await (deps.cluster?.trunks(from, to, queries.trunkCap()) ?? queries.trunksInSlices(from, to)));
  });

  return router;
}
