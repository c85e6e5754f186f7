import { z } from 'zod';
import {
  EXPLAIN_BASELINES,
  EventFilterSchema,
  LIVE_WINDOWS,
  SERIES_GROUPS,
  TIME_MESSAGE,
  parseDuration,
  parseTime,
} from '@sipwatch/wire';
import type { EventFilter } from '@sipwatch/wire';
import { invalid } from '../domain-error.js';
import type { DomainError } from '../domain-error.js';

/**
 * Query-string schemas of the REST API. Empty parameters count as absent (forms and URL builders
 * send `trunk=`); times and durations are written in the one grammar of @sipwatch/wire's time.ts.
 */

const blankToUndefined = (v: unknown): unknown => (v === '' ? undefined : v);

/** A time in the contract's one grammar (epoch ms, or ISO 8601; UTC without a zone). */
export const TimeParam = z.preprocess(
  (v) => {
    if (v === '' || v === undefined) return undefined;
    return typeof v === 'string' ? (parseTime(v) ?? v) : v;
  },
  z.number({ error: TIME_MESSAGE }).int().nonnegative().optional(),
);

/** A duration in the contract's one grammar; in a query string a bare number is milliseconds. */
export const DurationParam = z.preprocess(
  (v) => {
    if (v === '' || v === undefined) return undefined;
    return typeof v === 'string' ? (parseDuration(v, 'ms') ?? v) : v;
  },
  z.number({ error: 'must be milliseconds or a duration such as 1s, 5m, 1h' }).int().positive().optional(),
);

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

export const ExplainParams = SummaryParams.extend({
  baseline: z.preprocess(blankToUndefined, z.enum(EXPLAIN_BASELINES).default('hour')),
});
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

/**
 * The cursor of the page after `rows` (newest first, `id` descending): the last row's id when the
 * page is full, else null (nothing older). The `cursor` parameter takes it back.
 */
export function nextCursorOf(rows: readonly { id: number }[], limit: number): string | null {
  return rows.length === limit && rows.length > 0 ? String(rows[rows.length - 1]!.id) : null;
}

/** The nextCursor of a previous page. */
const PageCursor = z.preprocess(
  blankToUndefined,
  z.string().regex(/^\d+$/, 'expected the nextCursor of a previous page').optional(),
);

export const EventsParams = z.object({
  code: z.preprocess(blankToUndefined, EventFilterSchema.shape.code),
  trunk: z.preprocess(blankToUndefined, z.string().max(128).optional()),
  source: z.preprocess(blankToUndefined, z.string().max(255).optional()),
  method: z.preprocess(blankToUndefined, z.string().max(32).optional()),
  callId: z.preprocess(blankToUndefined, z.string().max(256).optional()),
  from: TimeParam,
  to: TimeParam,
  cursor: PageCursor,
  limit: z.preprocess(blankToUndefined, z.coerce.number().int().min(1).max(500).default(50)),
});

/** A prefix of a From/To user part (digits, +, and the characters a SIP user part holds). */
const UserPrefix = z.preprocess(
  blankToUndefined,
  z
    .string()
    .max(64)
    .regex(/^[^\s@;:]+$/, 'expected the start of a number or user name')
    .optional(),
);

export const CallsParams = z.object({
  callId: z.preprocess(blankToUndefined, z.string().max(256).optional()),
  fromUser: UserPrefix,
  toUser: UserPrefix,
  number: UserPrefix,
  trunk: z.preprocess(blankToUndefined, z.string().max(128).optional()),
  code: z.preprocess(blankToUndefined, EventFilterSchema.shape.code),
  from: TimeParam,
  to: TimeParam,
  cursor: PageCursor,
  limit: z.preprocess(blankToUndefined, z.coerce.number().int().min(1).max(200).default(50)),
});

export const CallIdPathParam = z
  .string()
  .min(1, 'expected a Call-ID')
  .max(256, 'a Call-ID has at most 256 characters');

export function filterOf(
  p: z.infer<typeof FilterParams> | Partial<z.infer<typeof FilterParams>>,
): EventFilter {
  const f: EventFilter = {};
  if (p.trunk !== undefined) f.trunk = p.trunk;
  if (p.source !== undefined) f.source = p.source;
  if (p.method !== undefined) f.method = p.method;
  if (p.code !== undefined) f.code = p.code;
  if (p.class !== undefined) f.class = p.class;
  return f;
}

/** A 400 naming the parameter and why. */
export function paramError(field: string, reason: string): DomainError {
  return invalid(`${field}: ${reason}`, [{ field, reason }]);
}

/** The parsed query, or a 400 naming every wrong parameter. */
export function parseParams<S extends z.ZodType>(schema: S, input: unknown): z.infer<S> {
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  const errors = parsed.error.issues.map((issue) => ({
    field: issue.path.length ? issue.path.join('.') : 'query',
    reason: issue.message,
  }));
  const first = errors[0]!;
  throw invalid(`${first.field}: ${first.reason}`, errors);
}
