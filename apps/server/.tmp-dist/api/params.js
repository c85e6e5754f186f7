import { z } from 'zod';
import { EventFilterSchema, LIVE_WINDOWS, SERIES_GROUPS } from '../wire/aggregates.js';
/**
 * Query-string schemas of the REST API. Empty parameters count as absent (forms and URL builders
 * send `trunk=`), times are epoch milliseconds or ISO 8601, steps are milliseconds or "30s"/"5m".
 */
const blankToUndefined = (v) => (v === '' ? undefined : v);
/** Epoch ms, or an ISO 8601 date. */
export const TimeParam = z.preprocess((v) => {
    if (v === '' || v === undefined)
        return undefined;
    if (typeof v !== 'string')
        return v;
    if (/^\d+$/.test(v))
        return Number(v);
    const ms = Date.parse(v);
    return Number.isNaN(ms) ? v : ms;
}, z.number({ error: 'expected epoch milliseconds or an ISO 8601 date' }).int().nonnegative().optional());
const UNIT_MS = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };
/** Milliseconds, or a number with a unit: 500ms, 1s, 5m, 1h, 1d. */
export const DurationParam = z.preprocess((v) => {
    if (v === '' || v === undefined)
        return undefined;
    if (typeof v !== 'string')
        return v;
    const m = /^(\d+)(ms|s|m|h|d)?$/.exec(v.trim());
    if (!m)
        return v;
    return Number(m[1]) * UNIT_MS[(m[2] ?? 'ms')];
}, z.number({ error: 'expected milliseconds or a duration such as 1s, 5m, 1h' }).int().positive().optional());
export const FilterParams = z.object({
    trunk: z.preprocess(blankToUndefined, EventFilterSchema.shape.trunk),
    source: z.preprocess(blankToUndefined, EventFilterSchema.shape.source),
    method: z.preprocess(blankToUndefined, EventFilterSchema.shape.method),
    code: z.preprocess(blankToUndefined, EventFilterSchema.shape.code),
    class: z.preprocess(blankToUndefined, EventFilterSchema.shape.class),
});
export const RangeParams = z.object({
    window: z.preprocess(blankToUndefined, z.enum(LIVE_WINDOWS).optional()),
    from: TimeParam,
    to: TimeParam,
});
export const SummaryParams = FilterParams.extend(RangeParams.shape);
export const TrunksParams = RangeParams;
export const SeriesParams = FilterParams.extend({
    from: TimeParam,
    to: TimeParam,
    step: DurationParam,
    /** The dashboard's name for `step`. */
    stepMs: DurationParam,
    group: z.preprocess(blankToUndefined, z.enum(SERIES_GROUPS).default('class')),
});
export const CodeParams = FilterParams.omit({ code: true }).extend({
    ...RangeParams.shape,
    samples: z.preprocess(blankToUndefined, z.coerce.number().int().min(0).max(100).default(20)),
});
export const CodePathParam = z.coerce
    .number({ error: 'expected a SIP code' })
    .int('expected a SIP code')
    .min(100, 'expected a SIP code between 100 and 699')
    .max(699, 'expected a SIP code between 100 and 699');
export const EventsParams = z.object({
    code: z.preprocess(blankToUndefined, EventFilterSchema.shape.code),
    trunk: z.preprocess(blankToUndefined, z.string().max(128).optional()),
    source: z.preprocess(blankToUndefined, z.string().max(255).optional()),
    method: z.preprocess(blankToUndefined, z.string().max(32).optional()),
    callId: z.preprocess(blankToUndefined, z.string().max(256).optional()),
    from: TimeParam,
    to: TimeParam,
    cursor: z.preprocess(blankToUndefined, z.string().regex(/^\d+$/, 'expected the nextCursor of a previous page').optional()),
    limit: z.preprocess(blankToUndefined, z.coerce.number().int().min(1).max(500).default(50)),
});
export function filterOf(p) {
    const f = {};
    if (p.trunk !== undefined)
        f.trunk = p.trunk;
    if (p.source !== undefined)
        f.source = p.source;
    if (p.method !== undefined)
        f.method = p.method;
    if (p.code !== undefined)
        f.code = p.code;
    if (p.class !== undefined)
        f.class = p.class;
    return f;
}
/** A 400 naming the parameter; the dashboard shows `error`. */
export class ParamError extends Error {
    field;
    reason;
    constructor(field, reason) {
        super(`${field}: ${reason}`);
        this.field = field;
        this.reason = reason;
    }
}
export function parseParams(schema, input) {
    const parsed = schema.safeParse(input);
    if (parsed.success)
        return parsed.data;
    const issue = parsed.error.issues[0];
    throw new ParamError(issue.path.length ? issue.path.join('.') : 'query', issue.message);
}
export function sendParamError(res, err) {
    res.status(400).json({ error: err.message, field: err.field, reason: err.reason });
}
//# sourceMappingURL=params.js.map