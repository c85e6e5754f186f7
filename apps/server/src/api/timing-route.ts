import { Router } from 'express';
import { z } from 'zod';
import type { Clock } from '../clock.js';
import type { CallTimings } from '../core/call-timing.js';
import type { TimingResponse } from '@sipwatch/wire';
import { RangeParams, paramError, parseParams } from './params.js';
import { WINDOW_MS } from './queries.js';

const TimingParams = RangeParams.extend({
  trunk: z.preprocess((v) => (v === '' ? undefined : v), z.string().max(128).optional()),
});

/** About this many steps in a window's series (fewer for short windows: a step is at least a slot). */
const SERIES_POINTS = 60;

/**
 * GET /api/v1/timing?window=15m[&trunk=...] (or from/to in epoch ms): post-dial delay and setup
 * time, p50/p95 per trunk and in total, and the total step by step, from the calls HEP saw. The
 * window defaults to 15m.
 */
export function timingRouter(timings: CallTimings, clock: Clock): Router {
  const router = Router();
  router.get('/api/v1/timing', (req, res) => {
    const p = parseParams(TimingParams, req.query);
    if (p.window !== undefined && (p.from !== undefined || p.to !== undefined))
      throw paramError('window', 'give either window or from/to, not both');
    const to = p.to ?? clock.now() + 1;
    const from = p.from ?? to - WINDOW_MS[p.window ?? '15m'];
    if (from >= to) throw paramError('from', 'must be before to');
    const range = { from, to };
    const filter = p.trunk === undefined ? {} : { trunk: p.trunk };
    const stepMs = Math.max(
      timings.slotMs,
      Math.ceil((to - from) / SERIES_POINTS / timings.slotMs) * timings.slotMs,
    );
    const body: TimingResponse = {
      window: range,
      filter,
      total: timings.total(range, filter),
      trunks: timings.query(range, filter),
      stepMs,
      series: timings.series(range, stepMs, filter),
    };
    res.json(body);
  });
  return router;
}
