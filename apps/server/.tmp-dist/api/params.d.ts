import type { Response } from 'express';
import { z } from 'zod';
import type { EventFilter } from '../wire/aggregates.js';
/** Epoch ms, or an ISO 8601 date. */
export declare const TimeParam: z.ZodPreprocess<z.ZodOptional<z.ZodNumber>, unknown>;
/** Milliseconds, or a number with a unit: 500ms, 1s, 5m, 1h, 1d. */
export declare const DurationParam: z.ZodPreprocess<z.ZodOptional<z.ZodNumber>, unknown>;
export declare const FilterParams: z.ZodObject<{
    trunk: z.ZodPreprocess<z.ZodOptional<z.ZodString>, unknown>;
    source: z.ZodPreprocess<z.ZodOptional<z.ZodString>, unknown>;
    method: z.ZodPreprocess<z.ZodOptional<z.ZodString>, unknown>;
    code: z.ZodPreprocess<z.ZodOptional<z.ZodCoercedNumber<unknown>>, unknown>;
    class: z.ZodPreprocess<z.ZodOptional<z.ZodEnum<{
        "1xx": "1xx";
        "2xx": "2xx";
        "3xx": "3xx";
        "4xx": "4xx";
        "5xx": "5xx";
        "6xx": "6xx";
    }>>, unknown>;
}, z.core.$strip>;
export declare const RangeParams: z.ZodObject<{
    window: z.ZodPreprocess<z.ZodOptional<z.ZodEnum<{
        "1m": "1m";
        "5m": "5m";
        "15m": "15m";
        "1h": "1h";
    }>>, unknown>;
    from: z.ZodPreprocess<z.ZodOptional<z.ZodNumber>, unknown>;
    to: z.ZodPreprocess<z.ZodOptional<z.ZodNumber>, unknown>;
}, z.core.$strip>;
export declare const SummaryParams: z.ZodObject<{
    trunk: z.ZodPreprocess<z.ZodOptional<z.ZodString>, unknown>;
    source: z.ZodPreprocess<z.ZodOptional<z.ZodString>, unknown>;
    method: z.ZodPreprocess<z.ZodOptional<z.ZodString>, unknown>;
    code: z.ZodPreprocess<z.ZodOptional<z.ZodCoercedNumber<unknown>>, unknown>;
    class: z.ZodPreprocess<z.ZodOptional<z.ZodEnum<{
        "1xx": "1xx";
        "2xx": "2xx";
        "3xx": "3xx";
        "4xx": "4xx";
        "5xx": "5xx";
        "6xx": "6xx";
    }>>, unknown>;
    window: z.ZodPreprocess<z.ZodOptional<z.ZodEnum<{
        "1m": "1m";
        "5m": "5m";
        "15m": "15m";
        "1h": "1h";
    }>>, unknown>;
    from: z.ZodPreprocess<z.ZodOptional<z.ZodNumber>, unknown>;
    to: z.ZodPreprocess<z.ZodOptional<z.ZodNumber>, unknown>;
}, z.core.$strip>;
export declare const TrunksParams: z.ZodObject<{
    window: z.ZodPreprocess<z.ZodOptional<z.ZodEnum<{
        "1m": "1m";
        "5m": "5m";
        "15m": "15m";
        "1h": "1h";
    }>>, unknown>;
    from: z.ZodPreprocess<z.ZodOptional<z.ZodNumber>, unknown>;
    to: z.ZodPreprocess<z.ZodOptional<z.ZodNumber>, unknown>;
}, z.core.$strip>;
export declare const SeriesParams: z.ZodObject<{
    trunk: z.ZodPreprocess<z.ZodOptional<z.ZodString>, unknown>;
    source: z.ZodPreprocess<z.ZodOptional<z.ZodString>, unknown>;
    method: z.ZodPreprocess<z.ZodOptional<z.ZodString>, unknown>;
    code: z.ZodPreprocess<z.ZodOptional<z.ZodCoercedNumber<unknown>>, unknown>;
    class: z.ZodPreprocess<z.ZodOptional<z.ZodEnum<{
        "1xx": "1xx";
        "2xx": "2xx";
        "3xx": "3xx";
        "4xx": "4xx";
        "5xx": "5xx";
        "6xx": "6xx";
    }>>, unknown>;
    from: z.ZodPreprocess<z.ZodOptional<z.ZodNumber>, unknown>;
    to: z.ZodPreprocess<z.ZodOptional<z.ZodNumber>, unknown>;
    step: z.ZodPreprocess<z.ZodOptional<z.ZodNumber>, unknown>;
    stepMs: z.ZodPreprocess<z.ZodOptional<z.ZodNumber>, unknown>;
    group: z.ZodPreprocess<z.ZodDefault<z.ZodEnum<{
        code: "code";
        trunk: "trunk";
        class: "class";
    }>>, unknown>;
}, z.core.$strip>;
export declare const CodeParams: z.ZodObject<{
    method: z.ZodPreprocess<z.ZodOptional<z.ZodString>, unknown>;
    trunk: z.ZodPreprocess<z.ZodOptional<z.ZodString>, unknown>;
    source: z.ZodPreprocess<z.ZodOptional<z.ZodString>, unknown>;
    class: z.ZodPreprocess<z.ZodOptional<z.ZodEnum<{
        "1xx": "1xx";
        "2xx": "2xx";
        "3xx": "3xx";
        "4xx": "4xx";
        "5xx": "5xx";
        "6xx": "6xx";
    }>>, unknown>;
    samples: z.ZodPreprocess<z.ZodDefault<z.ZodCoercedNumber<unknown>>, unknown>;
    window: z.ZodPreprocess<z.ZodOptional<z.ZodEnum<{
        "1m": "1m";
        "5m": "5m";
        "15m": "15m";
        "1h": "1h";
    }>>, unknown>;
    from: z.ZodPreprocess<z.ZodOptional<z.ZodNumber>, unknown>;
    to: z.ZodPreprocess<z.ZodOptional<z.ZodNumber>, unknown>;
}, z.core.$strip>;
export declare const CodePathParam: z.ZodCoercedNumber<unknown>;
export declare const EventsParams: z.ZodObject<{
    code: z.ZodPreprocess<z.ZodOptional<z.ZodCoercedNumber<unknown>>, unknown>;
    trunk: z.ZodPreprocess<z.ZodOptional<z.ZodString>, unknown>;
    source: z.ZodPreprocess<z.ZodOptional<z.ZodString>, unknown>;
    method: z.ZodPreprocess<z.ZodOptional<z.ZodString>, unknown>;
    callId: z.ZodPreprocess<z.ZodOptional<z.ZodString>, unknown>;
    from: z.ZodPreprocess<z.ZodOptional<z.ZodNumber>, unknown>;
    to: z.ZodPreprocess<z.ZodOptional<z.ZodNumber>, unknown>;
    cursor: z.ZodPreprocess<z.ZodOptional<z.ZodString>, unknown>;
    limit: z.ZodPreprocess<z.ZodDefault<z.ZodCoercedNumber<unknown>>, unknown>;
}, z.core.$strip>;
export declare function filterOf(p: z.infer<typeof FilterParams> | Partial<z.infer<typeof FilterParams>>): EventFilter;
/** A 400 naming the parameter; the dashboard shows `error`. */
export declare class ParamError extends Error {
    readonly field: string;
    readonly reason: string;
    constructor(field: string, reason: string);
}
export declare function parseParams<S extends z.ZodType>(schema: S, input: unknown): z.infer<S>;
export declare function sendParamError(res: Response, err: ParamError): void;
