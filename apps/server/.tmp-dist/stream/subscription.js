import { z } from 'zod';
import { EventFilterSchema, LIVE_WINDOWS } from '../wire/aggregates.js';
const FILTER_FIELDS = ['trunk', 'source', 'method', 'code', 'class'];
export const SubscriptionSchema = z.object({
    filter: EventFilterSchema.default({}),
    window: z.enum(LIVE_WINDOWS).default('5m'),
    code: z.coerce.number().int().min(100).max(699).optional(),
});
export const DEFAULT_SUBSCRIPTION = { filter: {}, window: '5m' };
/** Drops empty filter fields, so equal subscriptions look equal. */
export function normaliseSubscription(sub) {
    const filter = {};
    for (const key of FILTER_FIELDS) {
        const value = sub.filter[key];
        if (value !== undefined && value !== '')
            filter[key] = value;
    }
    return sub.code === undefined
        ? { filter, window: sub.window }
        : { filter, window: sub.window, code: sub.code };
}
/** Equal subscriptions give equal keys (the same rule as the dashboard's). */
export function subscriptionKey(sub) {
    const parts = [`window=${sub.window}`];
    for (const key of FILTER_FIELDS) {
        const value = sub.filter[key];
        if (value !== undefined && value !== '')
            parts.push(`${key}=${String(value)}`);
    }
    if (sub.code !== undefined)
        parts.push(`follow=${sub.code}`);
    return parts.join('&');
}
export function parseSubscription(input) {
    const parsed = SubscriptionSchema.safeParse(input ?? {});
    if (!parsed.success) {
        const issue = parsed.error.issues[0];
        return { ok: false, error: `${issue.path.join('.') || 'subscription'}: ${issue.message}` };
    }
    return { ok: true, value: normaliseSubscription(parsed.data) };
}
//# sourceMappingURL=subscription.js.map