import { z } from 'zod';
import { EventFilterSchema, LIVE_WINDOWS, normaliseSubscription } from '@sipwatch/wire';
import type { Subscription } from '@sipwatch/wire';

export const SubscriptionSchema = z.object({
  filter: EventFilterSchema.default({}),
  window: z.enum(LIVE_WINDOWS).default('5m'),
  code: z.coerce.number().int().min(100).max(699).optional(),
});

export function parseSubscription(
  input: unknown,
): { ok: true; value: Subscription } | { ok: false; error: string } {
  const parsed = SubscriptionSchema.safeParse(input ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    return { ok: false, error: `${issue.path.join('.') || 'subscription'}: ${issue.message}` };
  }
  return { ok: true, value: normaliseSubscription(parsed.data as Subscription) };
}
