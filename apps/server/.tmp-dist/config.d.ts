import { z } from 'zod';
export declare const ConfigSchema: z.ZodObject<{
    host: z.ZodDefault<z.ZodString>;
    logLevel: z.ZodDefault<z.ZodEnum<{
        error: "error";
        fatal: "fatal";
        warn: "warn";
        info: "info";
        debug: "debug";
        trace: "trace";
        silent: "silent";
    }>>;
    http: z.ZodDefault<z.ZodObject<{
        port: z.ZodDefault<z.ZodNumber>;
        bodyLimitBytes: z.ZodDefault<z.ZodNumber>;
        webRoot: z.ZodOptional<z.ZodString>;
    }, z.core.$strict>>;
    syslog: z.ZodDefault<z.ZodObject<{
        port: z.ZodDefault<z.ZodNumber>;
        udp: z.ZodDefault<z.ZodBoolean>;
        tcp: z.ZodDefault<z.ZodBoolean>;
        maxMessageBytes: z.ZodDefault<z.ZodNumber>;
        maxConnections: z.ZodDefault<z.ZodNumber>;
        idleTimeoutMs: z.ZodDefault<z.ZodNumber>;
        udpReceiveBufferBytes: z.ZodDefault<z.ZodNumber>;
        extractors: z.ZodDefault<z.ZodArray<z.ZodObject<{
            name: z.ZodString;
            pattern: z.ZodString;
            flags: z.ZodOptional<z.ZodString>;
            scope: z.ZodDefault<z.ZodEnum<{
                call: "call";
                transaction: "transaction";
            }>>;
        }, z.core.$strip>>>;
    }, z.core.$strict>>;
    hep: z.ZodDefault<z.ZodObject<{
        port: z.ZodDefault<z.ZodNumber>;
        udp: z.ZodDefault<z.ZodBoolean>;
        tcp: z.ZodDefault<z.ZodBoolean>;
        authKey: z.ZodOptional<z.ZodString>;
        maxPacketBytes: z.ZodDefault<z.ZodNumber>;
        maxConnections: z.ZodDefault<z.ZodNumber>;
        idleTimeoutMs: z.ZodDefault<z.ZodNumber>;
        maxCalls: z.ZodDefault<z.ZodNumber>;
    }, z.core.$strict>>;
    ingest: z.ZodDefault<z.ZodObject<{
        tokens: z.ZodDefault<z.ZodArray<z.ZodString>>;
        twilioAuthToken: z.ZodOptional<z.ZodString>;
        publicBaseUrl: z.ZodOptional<z.ZodString>;
        maskUserParts: z.ZodDefault<z.ZodBoolean>;
        rawMaxBytes: z.ZodDefault<z.ZodNumber>;
        trunks: z.ZodDefault<z.ZodArray<z.ZodObject<{
            name: z.ZodString;
            cidrs: z.ZodArray<z.ZodString>;
        }, z.core.$strip>>>;
        mappings: z.ZodDefault<z.ZodRecord<z.ZodString, z.ZodObject<{
            code: z.ZodString;
            reason: z.ZodOptional<z.ZodString>;
            ts: z.ZodOptional<z.ZodString>;
            method: z.ZodOptional<z.ZodString>;
            callId: z.ZodOptional<z.ZodString>;
            from: z.ZodOptional<z.ZodString>;
            to: z.ZodOptional<z.ZodString>;
            trunk: z.ZodOptional<z.ZodString>;
            direction: z.ZodOptional<z.ZodString>;
            scope: z.ZodDefault<z.ZodEnum<{
                call: "call";
                transaction: "transaction";
            }>>;
        }, z.core.$strip>>>;
        unparsedSamples: z.ZodDefault<z.ZodNumber>;
        futureSkewMs: z.ZodDefault<z.ZodNumber>;
    }, z.core.$strict>>;
    aggregation: z.ZodDefault<z.ZodObject<{
        liveSeconds: z.ZodDefault<z.ZodNumber>;
        retentionDays: z.ZodDefault<z.ZodNumber>;
        maxTrunks: z.ZodDefault<z.ZodNumber>;
        maxSources: z.ZodDefault<z.ZodNumber>;
        dedupeWindowMs: z.ZodDefault<z.ZodNumber>;
        dedupeMaxEntries: z.ZodDefault<z.ZodNumber>;
        excludeChallenges: z.ZodDefault<z.ZodBoolean>;
        excludeAbandoned: z.ZodDefault<z.ZodBoolean>;
        categoryOverrides: z.ZodDefault<z.ZodRecord<z.ZodString, z.ZodEnum<{
            success: "success";
            provisional: "provisional";
            redirect: "redirect";
            challenge: "challenge";
            user: "user";
            network: "network";
            request: "request";
        }>>>;
    }, z.core.$strict>>;
    storage: z.ZodDefault<z.ZodObject<{
        dataDir: z.ZodDefault<z.ZodString>;
        dbFile: z.ZodOptional<z.ZodString>;
        flushIntervalMs: z.ZodDefault<z.ZodNumber>;
        rawEventsMax: z.ZodDefault<z.ZodNumber>;
        rawEventsMaxAgeHours: z.ZodDefault<z.ZodNumber>;
        rawEventsPerFlush: z.ZodDefault<z.ZodNumber>;
    }, z.core.$strict>>;
    demo: z.ZodDefault<z.ZodObject<{
        enabled: z.ZodDefault<z.ZodBoolean>;
        rate: z.ZodDefault<z.ZodNumber>;
    }, z.core.$strict>>;
    admin: z.ZodDefault<z.ZodObject<{
        token: z.ZodOptional<z.ZodString>;
    }, z.core.$strict>>;
    capture: z.ZodDefault<z.ZodObject<{
        callIdUrlTemplate: z.ZodOptional<z.ZodString>;
    }, z.core.$strict>>;
}, z.core.$strict>;
export type Config = z.infer<typeof ConfigSchema>;
export type ConfigInput = z.input<typeof ConfigSchema>;
export declare class ConfigError extends Error {
    name: string;
}
type Env = Record<string, string | undefined>;
/** Validates an in-memory config (tests and embedders). */
export declare function parseConfig(input: unknown, origin?: string): Config;
/** Reads SIPWATCH_CONFIG (YAML or JSON) if set, then the environment overrides. */
export declare function loadConfig(env?: Env): Config;
export declare function dbFilePath(config: Config): string;
export {};
