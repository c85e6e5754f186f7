import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { OUTCOME_CATEGORIES } from '@sipwatch/codes';
/**
 * The one place that reads the environment and the config file. Everything else receives a
 * validated `Config`. Each section is owned by the part of the server it configures.
 */
const port = z.number().int().min(0).max(65535);
const ExtractorSchema = z
    .object({
    name: z.string().min(1),
    /** A regular expression with named groups: code (required), reason, method, callId, trunk, ... */
    pattern: z.string().min(1),
    flags: z
        .string()
        .regex(/^[imsu]*$/)
        .optional(),
    /** Scope of the events it yields: `transaction` (a reply seen by a proxy) or `call` (a CDR). */
    scope: z.enum(['call', 'transaction']).default('transaction'),
})
    .superRefine((e, ctx) => {
    try {
        new RegExp(e.pattern, e.flags);
    }
    catch (err) {
        ctx.addIssue({
            code: 'custom',
            path: ['pattern'],
            message: `invalid regular expression: ${err.message}`,
        });
        return;
    }
    if (!e.pattern.includes('(?<code>'))
        ctx.addIssue({ code: 'custom', path: ['pattern'], message: 'needs a named group (?<code>...)' });
});
const TrunkMapSchema = z.object({
    name: z.string().min(1).max(128),
    /** IPv4 or IPv6 addresses or CIDR blocks. */
    cidrs: z.array(z.string().min(1)).min(1),
});
const FieldMappingSchema = z.object({
    /** Dotted paths into the posted JSON, e.g. "data.payload.sip_hangup_cause". */
    code: z.string().min(1),
    reason: z.string().optional(),
    ts: z.string().optional(),
    method: z.string().optional(),
    callId: z.string().optional(),
    from: z.string().optional(),
    to: z.string().optional(),
    trunk: z.string().optional(),
    direction: z.string().optional(),
    /** Default scope for events of this mapping. */
    scope: z.enum(['call', 'transaction']).default('call'),
});
export const ConfigSchema = z
    .object({
    host: z.string().default('0.0.0.0'),
    logLevel: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    http: z
        .object({
        port: port.default(8080),
        /** Largest accepted request body, in bytes. */
        bodyLimitBytes: z
            .number()
            .int()
            .positive()
            .default(5 * 1024 * 1024),
        /** Directory of the built dashboard; served at / when it exists. */
        webRoot: z.string().optional(),
    })
        .strict()
        .default({ port: 8080, bodyLimitBytes: 5 * 1024 * 1024 }),
    syslog: z
        .object({
        port: port.default(5514),
        udp: z.boolean().default(true),
        tcp: z.boolean().default(true),
        maxMessageBytes: z
            .number()
            .int()
            .positive()
            .default(64 * 1024),
        maxConnections: z.number().int().positive().default(1000),
        idleTimeoutMs: z
            .number()
            .int()
            .positive()
            .default(5 * 60_000),
        /** SO_RCVBUF asked for the UDP socket (the kernel may cap it, e.g. net.core.rmem_max). */
        udpReceiveBufferBytes: z
            .number()
            .int()
            .positive()
            .default(8 * 1024 * 1024),
        extractors: z.array(ExtractorSchema).default([]),
    })
        .strict()
        .default({
        port: 5514,
        udp: true,
        tcp: true,
        maxMessageBytes: 64 * 1024,
        maxConnections: 1000,
        idleTimeoutMs: 5 * 60_000,
        udpReceiveBufferBytes: 8 * 1024 * 1024,
        extractors: [],
    }),
    hep: z
        .object({
        port: port.default(9060),
        udp: z.boolean().default(true),
        tcp: z.boolean().default(true),
        /** When set, packets must carry this auth key (chunk 0x000e). */
        authKey: z.string().optional(),
        /** TCP: a packet announcing more bytes than this drops the connection. */
        maxPacketBytes: z.number().int().min(64).max(65535).default(65535),
        maxConnections: z.number().int().positive().default(1000),
        idleTimeoutMs: z
            .number()
            .int()
            .positive()
            .default(5 * 60_000),
        /** Calls in progress tracked for per-call truth and timing (least recently active evicted). */
        maxCalls: z.number().int().positive().default(50_000),
    })
        .strict()
        .default({
        port: 9060,
        udp: true,
        tcp: true,
        maxPacketBytes: 65535,
        maxConnections: 1000,
        idleTimeoutMs: 5 * 60_000,
        maxCalls: 50_000,
    }),
    ingest: z
        .object({
        /** Bearer tokens accepted by the ingestion endpoints; empty means open. */
        tokens: z.array(z.string().min(8)).default([]),
        twilioAuthToken: z.string().optional(),
        /**
         * The URL the outside world reaches sipwatch at (e.g. https://noc.example.com), when a proxy
         * sits in front: Twilio signs the URL it called, which the server cannot see behind a proxy.
         */
        publicBaseUrl: z.string().url().optional(),
        /** Replace the user part of From/To URIs with "***". */
        maskUserParts: z.boolean().default(false),
        rawMaxBytes: z.number().int().min(0).default(2048),
        trunks: z.array(TrunkMapSchema).default([]),
        /** Generic JSON webhooks: POST /api/v1/webhooks/generic/:name uses mappings[name]. */
        mappings: z.record(z.string(), FieldMappingSchema).default({}),
        unparsedSamples: z.number().int().min(0).default(200),
        /** Events further in the future than this are clamped to their arrival time. */
        futureSkewMs: z.number().int().min(0).default(5_000),
    })
        .strict()
        .default({
        tokens: [],
        maskUserParts: false,
        rawMaxBytes: 2048,
        trunks: [],
        mappings: {},
        unparsedSamples: 200,
        futureSkewMs: 5_000,
    }),
    aggregation: z
        .object({
        /** Seconds of 1-second buckets kept in memory (and in the database, for restarts). */
        liveSeconds: z.number().int().min(60).max(86_400).default(3600),
        retentionDays: z.number().int().min(1).max(3650).default(30),
        maxTrunks: z.number().int().min(1).max(65_000).default(500),
        maxSources: z.number().int().min(1).max(65_000).default(500),
        /** Same Call-ID, CSeq, method and code within this window counts once. */
        dedupeWindowMs: z.number().int().min(0).default(32_000),
        /** Bounds the dedupe table; the oldest entries go first. */
        dedupeMaxEntries: z.number().int().min(1).default(1_000_000),
        excludeChallenges: z.boolean().default(true),
        excludeAbandoned: z.boolean().default(true),
        /** Override a code's outcome category, e.g. { "404": "request" }. */
        categoryOverrides: z.record(z.string().regex(/^[1-6]\d\d$/), z.enum(OUTCOME_CATEGORIES)).default({}),
    })
        .strict()
        .default({
        liveSeconds: 3600,
        retentionDays: 30,
        maxTrunks: 500,
        maxSources: 500,
        dedupeWindowMs: 32_000,
        dedupeMaxEntries: 1_000_000,
        excludeChallenges: true,
        excludeAbandoned: true,
        categoryOverrides: {},
    }),
    storage: z
        .object({
        dataDir: z.string().default('./data'),
        /** Defaults to <dataDir>/sipwatch.db. */
        dbFile: z.string().optional(),
        flushIntervalMs: z.number().int().min(50).default(1000),
        rawEventsMax: z.number().int().min(0).default(200_000),
        rawEventsMaxAgeHours: z.number().min(0).default(24),
        /** Raw events written per flush at most (failures first); the rest are counted, not kept. */
        rawEventsPerFlush: z.number().int().min(0).default(5000),
    })
        .strict()
        .default({
        dataDir: './data',
        flushIntervalMs: 1000,
        rawEventsMax: 200_000,
        rawEventsMaxAgeHours: 24,
        rawEventsPerFlush: 5000,
    }),
    demo: z
        .object({
        enabled: z.boolean().default(true),
        /** Events per second the generator sends. */
        rate: z.number().min(0).default(40),
    })
        .strict()
        .default({ enabled: true, rate: 40 }),
    admin: z
        .object({ token: z.string().min(8).optional() })
        .strict()
        .default({}),
    capture: z
        .object({
        /** Link a Call-ID to a capture UI, e.g. "https://homer.example/#/search?callid={callId}". */
        callIdUrlTemplate: z.string().optional(),
    })
        .strict()
        .default({}),
})
    .strict();
export class ConfigError extends Error {
    name = 'ConfigError';
}
function formatIssues(error, origin) {
    return error.issues
        .map((i) => `${origin}: ${i.path.length ? i.path.join('.') : '(root)'}: ${i.message}`)
        .join('\n');
}
function envPort(env, name) {
    const v = env[name];
    if (v === undefined || v === '')
        return undefined;
    if (!/^\d+$/.test(v) || Number(v) > 65535)
        throw new ConfigError(`${name}: not a port number: ${JSON.stringify(v)}`);
    return Number(v);
}
/** Applies the documented environment overrides on top of the file's contents. */
function applyEnv(input, env) {
    const out = structuredClone(input);
    const section = (key) => {
        const cur = out[key];
        if (cur && typeof cur === 'object' && !Array.isArray(cur))
            return cur;
        const fresh = {};
        out[key] = fresh;
        return fresh;
    };
    const httpPort = envPort(env, 'SIPWATCH_HTTP_PORT');
    if (httpPort !== undefined)
        section('http').port = httpPort;
    const syslogPort = envPort(env, 'SIPWATCH_SYSLOG_PORT');
    if (syslogPort !== undefined)
        section('syslog').port = syslogPort;
    const hepPort = envPort(env, 'SIPWATCH_HEP_PORT');
    if (hepPort !== undefined)
        section('hep').port = hepPort;
    if (env.SIPWATCH_HEP_AUTH_KEY)
        section('hep').authKey = env.SIPWATCH_HEP_AUTH_KEY;
    if (env.SIPWATCH_HOST)
        out.host = env.SIPWATCH_HOST;
    if (env.SIPWATCH_DATA_DIR)
        section('storage').dataDir = env.SIPWATCH_DATA_DIR;
    if (env.SIPWATCH_DB_FILE)
        section('storage').dbFile = env.SIPWATCH_DB_FILE;
    if (env.SIPWATCH_DEMO !== undefined && env.SIPWATCH_DEMO !== '') {
        section('demo').enabled = !['0', 'false', 'off', 'no'].includes(env.SIPWATCH_DEMO.toLowerCase());
    }
    if (env.SIPWATCH_INGEST_TOKEN) {
        const ingest = section('ingest');
        const tokens = Array.isArray(ingest.tokens) ? ingest.tokens : [];
        ingest.tokens = [
            ...tokens,
            ...env.SIPWATCH_INGEST_TOKEN.split(',')
                .map((t) => t.trim())
                .filter(Boolean),
        ];
    }
    if (env.SIPWATCH_TWILIO_AUTH_TOKEN)
        section('ingest').twilioAuthToken = env.SIPWATCH_TWILIO_AUTH_TOKEN;
    if (env.SIPWATCH_ADMIN_TOKEN)
        section('admin').token = env.SIPWATCH_ADMIN_TOKEN;
    if (env.SIPWATCH_LOG_LEVEL)
        out.logLevel = env.SIPWATCH_LOG_LEVEL;
    return out;
}
/** Validates an in-memory config (tests and embedders). */
export function parseConfig(input, origin = 'config') {
    const result = ConfigSchema.safeParse(input ?? {});
    if (!result.success)
        throw new ConfigError(formatIssues(result.error, origin));
    return result.data;
}
/** Reads SIPWATCH_CONFIG (YAML or JSON) if set, then the environment overrides. */
export function loadConfig(env = process.env) {
    const file = env.SIPWATCH_CONFIG;
    let fromFile = {};
    let origin = 'environment';
    if (file) {
        origin = path.resolve(file);
        let text;
        try {
            text = readFileSync(file, 'utf8');
        }
        catch (err) {
            throw new ConfigError(`SIPWATCH_CONFIG: cannot read ${origin}: ${err.message}`);
        }
        try {
            const parsed = file.endsWith('.json') ? JSON.parse(text) : parseYaml(text);
            if (parsed !== null && parsed !== undefined) {
                if (typeof parsed !== 'object' || Array.isArray(parsed))
                    throw new Error('the top level must be a mapping');
                fromFile = parsed;
            }
        }
        catch (err) {
            throw new ConfigError(`${origin}: ${err.message}`);
        }
    }
    return parseConfig(applyEnv(fromFile, env), origin);
}
export function dbFilePath(config) {
    return config.storage.dbFile ?? path.join(config.storage.dataDir, 'sipwatch.db');
}
//# sourceMappingURL=config.js.map