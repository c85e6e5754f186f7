import type { EventFilter, LiveWindow } from './aggregates.js';
import type { Subscription } from './socket.js';

/** The filter fields a subscription may carry, in a fixed order. */
const FILTER_FIELDS = ['trunk', 'source', 'method', 'code', 'class'] as const;

export const DEFAULT_SUBSCRIPTION: Subscription = { filter: {}, window: '5m' };

/** A subscription with empty filter fields dropped, so equal subscriptions look equal. */
export function makeSubscription(filter: EventFilter, window: LiveWindow, code?: number): Subscription {
  const clean: EventFilter = {};
  for (const key of FILTER_FIELDS) {
    const value = filter[key];
    if (value !== undefined && value !== '') (clean as Record<string, unknown>)[key] = value;
  }
  return code === undefined ? { filter: clean, window } : { filter: clean, window, code };
}

export function normaliseSubscription(sub: Subscription): Subscription {
  return makeSubscription(sub.filter, sub.window, sub.code);
}

/** Equal subscriptions give equal keys, however their fields were ordered or left undefined. */
export function subscriptionKey(sub: Subscription): string {
  const parts: string[] = [`window=${sub.window}`];
  for (const key of FILTER_FIELDS) {
    const value = sub.filter[key];
    if (value !== undefined && value !== '') parts.push(`${key}=${String(value)}`);
  }
  if (sub.code !== undefined) parts.push(`follow=${sub.code}`);
  return parts.join('&');
}
