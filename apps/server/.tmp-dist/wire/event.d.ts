import { z } from 'zod';
export declare const CHANNELS: readonly ["http", "syslog", "hep", "demo"];
export type Channel = (typeof CHANNELS)[number];
export declare const SCOPES: readonly ["transaction", "call"];
export type Scope = (typeof SCOPES)[number];
export declare const DIRECTIONS: readonly ["inbound", "outbound", "internal", "unknown"];
export type Direction = (typeof DIRECTIONS)[number];
export declare const EventSourceSchema: z.ZodObject<{
    channel: z.ZodEnum<{
        http: "http";
        syslog: "syslog";
        hep: "hep";
        demo: "demo";
    }>;
    format: z.ZodString;
    host: z.ZodString;
}, z.core.$strip>;
export type EventSource = z.infer<typeof EventSourceSchema>;
/**
 * The one normalised SIP response event. Every intake adapter produces these; the aggregator,
 * store, REST API and dashboard consume them.
 */
export declare const SipEventSchema: z.ZodObject<{
    ts: z.ZodNumber;
    receivedAt: z.ZodNumber;
    code: z.ZodNumber;
    reason: z.ZodOptional<z.ZodString>;
    method: z.ZodOptional<z.ZodString>;
    scope: z.ZodEnum<{
        call: "call";
        transaction: "transaction";
    }>;
    callId: z.ZodOptional<z.ZodString>;
    cseq: z.ZodOptional<z.ZodNumber>;
    inDialog: z.ZodOptional<z.ZodBoolean>;
    cancelled: z.ZodOptional<z.ZodBoolean>;
    from: z.ZodOptional<z.ZodString>;
    to: z.ZodOptional<z.ZodString>;
    srcIp: z.ZodOptional<z.ZodString>;
    srcPort: z.ZodOptional<z.ZodNumber>;
    dstIp: z.ZodOptional<z.ZodString>;
    dstPort: z.ZodOptional<z.ZodNumber>;
    trunk: z.ZodOptional<z.ZodString>;
    direction: z.ZodOptional<z.ZodEnum<{
        unknown: "unknown";
        inbound: "inbound";
        outbound: "outbound";
        internal: "internal";
    }>>;
    source: z.ZodObject<{
        channel: z.ZodEnum<{
            http: "http";
            syslog: "syslog";
            hep: "hep";
            demo: "demo";
        }>;
        format: z.ZodString;
        host: z.ZodString;
    }, z.core.$strip>;
    raw: z.ZodOptional<z.ZodString>;
}, z.core.$strip>;
export type SipEvent = z.infer<typeof SipEventSchema>;
