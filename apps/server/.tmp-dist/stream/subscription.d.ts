import { z } from 'zod';
import type { Subscription } from '../wire/socket.js';
export declare const SubscriptionSchema: z.ZodObject<{
    filter: z.ZodDefault<z.ZodObject<{
        trunk: z.ZodOptional<z.ZodString>;
        source: z.ZodOptional<z.ZodString>;
        method: z.ZodOptional<z.ZodString>;
        code: z.ZodOptional<z.ZodCoercedNumber<unknown>>;
        class: z.ZodOptional<z.ZodEnum<{
            "1xx": "1xx";
            "2xx": "2xx";
            "3xx": "3xx";
            "4xx": "4xx";
            "5xx": "5xx";
            "6xx": "6xx";
        }>>;
    }, z.core.$strip>>;
    window: z.ZodDefault<z.ZodEnum<{
        "1m": "1m";
        "5m": "5m";
        "15m": "15m";
        "1h": "1h";
    }>>;
    code: z.ZodOptional<z.ZodCoercedNumber<unknown>>;
}, z.core.$strip>;
export declare const DEFAULT_SUBSCRIPTION: Subscription;
/** Drops empty filter fields, so equal subscriptions look equal. */
export declare function normaliseSubscription(sub: Subscription): Subscription;
/** Equal subscriptions give equal keys (the same rule as the dashboard's). */
export declare function subscriptionKey(sub: Subscription): string;
export declare function parseSubscription(input: unknown): {
    ok: true;
    value: Subscription;
} | {
    ok: false;
    error: string;
};
