import { Router } from 'express';
import { z } from 'zod';
import { ParamError, RangeParams, parseParams, sendParamError } from './params.js';
import { WINDOW_MS } from './queries.js';
const TimingParams = RangeParams.extend({
    trunk: z.preprocess((v) => (v === '' ? undefined : v), z.string().max(128).optional()),
});
/**
 * GET /api/v1/timing?window=15m[&trunk=...] (or from/to in epoch ms): post-dial delay and setup
 * time, p50/p95 per trunk and in total, from the calls HEP saw. The window defaults to 15m.
 */
export function timingRouter(timings, clock) {
    const router = Router();
    router.get('/api/v1/timing', (req, res) => {
        try {
            const p = parseParams(TimingParams, req.query);
            if (p.window !== undefined && (p.from !== undefined || p.to !== undefined))
                throw new ParamError('window', 'give either window or from/to, not both');
            const to = p.to ?? clock.now() + 1;
            const from = p.from ?? to - WINDOW_MS[p.window ?? '15m'];
            if (from >= to)
                throw new ParamError('from', 'must be before to');
            const range = { from, to };
            const filter = p.trunk === undefined ? {} : { trunk: p.trunk };
            const body = {
                window: range,
                filter,
                total: timings.total(range, filter),
                trunks: timings.query(range, filter),
            };
            res.json(body);
        }
        catch (err) {
            if (!(err instanceof ParamError))
                throw err;
            sendParamError(res, err);
        }
    });
    return router;
}
//# sourceMappingURL=timing-route.js.map