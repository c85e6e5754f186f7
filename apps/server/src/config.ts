import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { OUTCOME_CATEGORIES } from '@sipwatch/codes';
import { allowEntryProblem } from './alerts/target-policy.js';
import { compileUserPattern } from './intake/syslog/extractors/user-pattern.js';

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
    const compiled = compileUserPattern(e.pattern, e.flags);
    if (typeof compiled === 'string') {
      ctx.addIssue({
        code: 'custom',
        path: ['pattern'],
        message: `${compiled} (pattern ${JSON.stringify(e.pattern)})`,
      });
      return;
    }
    if (!compiled.groupNames().includes('code'))
      ctx.addIssue({ code: 'custom', path: ['pattern'], message: 'needs a named group (?<code>...)' });
  });

/** One core stays with the event loop (dedupe, aggregation, API); the others read the intake. */
const DEFAULT_INTAKE_WORKERS = Math.max(1, availableParallelism() - 1);

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
        /** Items (events, CDRs, webhook payloads) one request may carry; more is refused with 413. */
        maxItemsPerRequest: z.number().int().positive().default(10_000),
        /** Directory of the built dashboard; served at / when it exists. */
        webRoot: z.string().optional(),
        /**
         * Host headers answered (DNS rebinding defence). Empty: localhost names, IP literals, this
         * machine's host name and the host of `ingest.publicBaseUrl`. "*" accepts any.
         */
        allowedHosts: z.array(z.string().min(1).max(253)).default([]),
        /** Origins besides the server's own that may send state-changing requests and open the socket. */
        allowedOrigins: z.array(z.string().url()).default([]),
        /**
         * Proxies whose X-Forwarded-For is believed (Express "trust proxy": a hop count, or addresses
         * and CIDRs). Off by default: a proxied request is then never taken for a loopback client.
         */
        trustProxy: z
          .union([z.boolean(), z.number().int().min(0), z.array(z.string().min(1))])
          .default(false),
      })
      .strict()
      .default({
        port: 8080,
        bodyLimitBytes: 5 * 1024 * 1024,
        maxItemsPerRequest: 10_000,
        allowedHosts: [],
        allowedOrigins: [],
        trustProxy: false,
      }),
    auth: z
      .object({
        /** Tokens per role, each `token` or `name:token`. A role with none is open to loopback clients only. */
        ingest: z.array(z.string().min(8)).default([]),
        viewer: z.array(z.string().min(8)).default([]),
        admin: z.array(z.string().min(8)).default([]),
        /** false treats loopback clients as remote (SIPWATCH_TRUST_LOOPBACK=0; tests of the remote case). */
        trustLoopback: z.boolean().default(true),
      })
      .strict()
      .default({ ingest: [], viewer: [], admin: [], trustLoopback: true }),
    metrics: z
      .object({
        /** true: /metrics answers anyone (a Prometheus without a token); otherwise the viewer rule applies. */
        public: z.boolean().default(false),
      })
      .strict()
      .default({ public: false }),
    stream: z
      .object({
        /** Socket.IO connections at once, in all and per client address. */
        maxConnections: z.number().int().positive().default(1000),
        maxConnectionsPerIp: z.number().int().positive().default(50),
        /** subscribe messages a socket may send per second (a burst of twice this is allowed). */
        subscribesPerSecond: z.number().positive().default(5),
      })
      .strict()
      .default({ maxConnections: 1000, maxConnectionsPerIp: 50, subscribesPerSecond: 5 }),
    ui: z
      .object({
        /**
         * Where people open the dashboard (e.g. https://noc.example.com/sipwatch): notifications
         * link to the dashboard view of the alert's window when it is set.
         */
        publicUrl: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }).optional(),
      })
      .strict()
      .default({}),
    alerts: z
      .object({
        /**
         * Notification targets allowed although they resolve to loopback, link-local, private, CGNAT
         * or metadata addresses: CIDRs (10.1.2.0/24, ::1/128) or host names (alertmanager.internal).
         */
        allowTargets: z
          .array(
            z.string().check((ctx) => {
              const problem = allowEntryProblem(ctx.value);
              if (problem) ctx.issues.push({ code: 'custom', message: problem, input: ctx.value });
            }),
          )
          .default([]),
      })
      .strict()
      .default({ allowTargets: [] }),
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
        /** Extractors read at most this much of each message (their cost grows with the text). */
        maxExtractBytes: z
          .number()
          .int()
          .min(256)
          .default(8 * 1024),
        maxConnections: z.number().int().positive().default(1000),
        /** TCP connections one client address may hold at once. */
        maxConnectionsPerIp: z.number().int().positive().default(50),
        idleTimeoutMs: z
          .number()
          .int()
          .positive()
          .default(5 * 60_000),
        /** A TCP frame must arrive whole within this time of its first byte, or the connection is closed. */
        frameTimeoutMs: z.number().int().positive().default(10_000),
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
        maxExtractBytes: 8 * 1024,
        maxConnections: 1000,
        maxConnectionsPerIp: 50,
        idleTimeoutMs: 5 * 60_000,
        frameTimeoutMs: 10_000,
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
        /** TCP connections one client address may hold at once. */
        maxConnectionsPerIp: z.number().int().positive().default(50),
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
        maxConnectionsPerIp: 50,
        idleTimeoutMs: 5 * 60_000,
        maxCalls: 50_000,
      }),
    ingest: z
      .object({
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
        /** Events older than this before their arrival are put at their arrival time (counted as clamped). */
        pastSkewMs: z
          .number()
          .int()
          .min(0)
          .max(3650 * 86_400_000)
          .default(3_600_000),
      })
      .strict()
      .default({
        maskUserParts: false,
        rawMaxBytes: 2048,
        trunks: [],
        mappings: {},
        unparsedSamples: 200,
        futureSkewMs: 5_000,
        pastSkewMs: 3_600_000,
      }),
    intake: z
      .object({
        /**
         * Intake worker threads that frame, parse, extract and normalise syslog and HTTP batches;
         * 0 keeps all of it on the event loop. Default: the cores minus one, at least one.
         */
        workers: z.number().int().min(0).max(64).default(DEFAULT_INTAKE_WORKERS),
        /**
         * Bytes handed to the workers and not yet read beyond which the intake pushes back: TCP
         * stops reading, HTTP answers 503 with Retry-After, UDP drops (each counted per listener).
         */
        maxBacklogBytes: z
          .number()
          .int()
          .min(1)
          .default(32 * 1024 * 1024),
      })
      .strict()
      .default({ workers: DEFAULT_INTAKE_WORKERS, maxBacklogBytes: 32 * 1024 * 1024 }),
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
        /** Trunk, source and method names unseen this long leave the caps for new ones (0: never). */
        dimensionIdleMs: z.number().int().min(0).default(86_400_000),
        /** true: trunk names come only from ingest.trunks; any other trunk counts under `other`. */
        trunkNamesFromMapOnly: z.boolean().default(false),
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
        dimensionIdleMs: 86_400_000,
        trunkNamesFromMapOnly: false,
      }),
    storage: z
      .object({
        dataDir: z.string().default('./data'),
        /** Defaults to <dataDir>/sipwatch.db (sipwatch-demo.db while the demo is on). */
        dbFile: z.string().optional(),
        flushIntervalMs: z.number().int().min(50).default(1000),
        rawEventsMax: z.number().int().min(0).default(200_000),
        rawEventsMaxAgeHours: z.number().min(0).default(24),
        /** Raw events written per flush at most (failures first); the rest are counted, not kept. */
        rawEventsPerFlush: z.number().int().min(0).default(5000),
        /** Distinct past minutes (older than memory) one flush writes at most; the rest wait for the next. */
        pastMinutesPerFlush: z.number().int().min(1).default(1000),
        /** A database write not finished within this fails; the writer thread is restarted. */
        writeTimeoutMs: z.number().int().min(100).default(30_000),
        /**
         * While writes fail, changed minutes wait in memory; past this many, intake is refused
         * (HTTP 503, syslog/HEP counted as rejected "storage-full") until writes resume.
         */
        maxUnwrittenMinutes: z.number().int().min(1).default(180),
      })
      .strict()
      .default({
        dataDir: './data',
        flushIntervalMs: 1000,
        rawEventsMax: 200_000,
        rawEventsMaxAgeHours: 24,
        rawEventsPerFlush: 5000,
        pastMinutesPerFlush: 1000,
        writeTimeoutMs: 30_000,
        maxUnwrittenMinutes: 180,
      }),
    /** Whole calls kept from HEP capture for the ladder view and the exports (docs/calls.md). */
    calls: z
      .object({
        enabled: z.boolean().default(true),
        /** Failed calls kept per minute at most; the rest of a storm is counted, not kept. */
        failedPerMinute: z.number().int().min(0).max(100_000).default(60),
        /** Share of answered and abandoned calls kept, 0 to 1 (chosen by a hash of the Call-ID). */
        sampleShare: z.number().min(0).max(1).default(0.01),
        /** Messages kept per call at most (retransmission storms, long dialogs). */
        maxMessagesPerCall: z.number().int().min(1).max(10_000).default(100),
        /** Each message is cut to this many bytes. */
        maxMessageBytes: z.number().int().min(256).max(65_535).default(16_384),
        /** Calls kept on disk at most; the oldest go first. */
        maxStored: z.number().int().min(1).default(20_000),
        /** Calls older than this are deleted. */
        retentionHours: z
          .number()
          .min(1)
          .max(24 * 3650)
          .default(72),
        /** Calls waiting for their outcome in memory at most (the oldest dropped first). */
        maxPendingCalls: z.number().int().min(1).default(20_000),
        /** Bytes of messages waiting in memory at most (for an outcome, or for a write). */
        maxPendingBytes: z
          .number()
          .int()
          .min(65_536)
          .default(32 * 1024 * 1024),
      })
      .strict()
      .default({
        enabled: true,
        failedPerMinute: 60,
        sampleShare: 0.01,
        maxMessagesPerCall: 100,
        maxMessageBytes: 16_384,
        maxStored: 20_000,
        retentionHours: 72,
        maxPendingCalls: 20_000,
        maxPendingBytes: 32 * 1024 * 1024,
      }),
    demo: z
      .object({
        enabled: z.boolean().default(true),
        /** Events per second the generator sends. */
        rate: z.number().min(0).default(40),
      })
      .strict()
      .default({ enabled: true, rate: 40 }),
    cluster: z
      .object({
        /**
         * PostgreSQL the nodes of a cluster share (postgres://user:pass@host:5432/db). Unset: one
         * node on its own SQLite file, as always.
         */
        postgresUrl: z.string().url().optional(),
        /** This node's name in the cluster; defaults to the host name. */
        nodeId: z.string().min(1).max(128).optional(),
        /** Whether this node may evaluate alerts for the cluster. */
        alerts: z.boolean().default(true),
      })
      .strict()
      .default({ alerts: true }),
    capture: z
      .object({
        /** Link a Call-ID to a capture UI, e.g. "https://homer.example/#/search?callid={callId}". */
        callIdUrlTemplate: z.string().optional(),
      })
      .strict()
      .default({}),
  })
  .strict();

export type Config = z.infer<typeof ConfigSchema>;
export type ConfigInput = z.input<typeof ConfigSchema>;

export class ConfigError extends Error {
  override name = 'ConfigError';
}

function formatIssues(error: z.ZodError, origin: string): string {
  return error.issues
    .map((i) => `${origin}: ${i.path.length ? i.path.join('.') : '(root)'}: ${i.message}`)
    .join('\n');
}

type Env = Record<string, string | undefined>;

function envPort(env: Env, name: string): number | undefined {
  const v = env[name];
  if (v === undefined || v === '') return undefined;
  if (!/^\d+$/.test(v) || Number(v) > 65535)
    throw new ConfigError(`${name}: not a port number: ${JSON.stringify(v)}`);
  return Number(v);
}

function splitList(value: string): string[] {
  return value
    .split(',')
    .map((t) => t.trim())
    .filter(Boolean);
}

/** Applies the documented environment overrides on top of the file's contents. */
function applyEnv(input: Record<string, unknown>, env: Env): Record<string, unknown> {
  const out = structuredClone(input) as Record<string, Record<string, unknown> | unknown>;
  const section = (key: string): Record<string, unknown> => {
    const cur = out[key];
    if (cur && typeof cur === 'object' && !Array.isArray(cur)) return cur as Record<string, unknown>;
    const fresh: Record<string, unknown> = {};
    out[key] = fresh;
    return fresh;
  };
  const httpPort = envPort(env, 'SIPWATCH_HTTP_PORT');
  if (httpPort !== undefined) section('http').port = httpPort;
  const syslogPort = envPort(env, 'SIPWATCH_SYSLOG_PORT');
  if (syslogPort !== undefined) section('syslog').port = syslogPort;
  const hepPort = envPort(env, 'SIPWATCH_HEP_PORT');
  if (hepPort !== undefined) section('hep').port = hepPort;
  if (env.SIPWATCH_HEP_AUTH_KEY) section('hep').authKey = env.SIPWATCH_HEP_AUTH_KEY;
  if (env.SIPWATCH_HOST) out.host = env.SIPWATCH_HOST;
  if (env.SIPWATCH_DATA_DIR) section('storage').dataDir = env.SIPWATCH_DATA_DIR;
  if (env.SIPWATCH_DB_FILE) section('storage').dbFile = env.SIPWATCH_DB_FILE;
  if (env.SIPWATCH_DEMO !== undefined && env.SIPWATCH_DEMO !== '') {
    section('demo').enabled = !['0', 'false', 'off', 'no'].includes(env.SIPWATCH_DEMO.toLowerCase());
  }
  if (env.SIPWATCH_TWILIO_AUTH_TOKEN) section('ingest').twilioAuthToken = env.SIPWATCH_TWILIO_AUTH_TOKEN;
  for (const role of ['ingest', 'viewer', 'admin'] as const) {
    const value = env[`SIPWATCH_${role.toUpperCase()}_TOKEN`];
    if (!value) continue;
    const auth = section('auth');
    const given = Array.isArray(auth[role]) ? (auth[role] as unknown[]) : [];
    auth[role] = [...given, ...splitList(value)];
  }
  const trustLoopback = env.SIPWATCH_TRUST_LOOPBACK;
  if (trustLoopback !== undefined && trustLoopback !== '')
    section('auth').trustLoopback = !['0', 'false', 'off', 'no'].includes(trustLoopback.toLowerCase());
  if (env.SIPWATCH_LOG_LEVEL) out.logLevel = env.SIPWATCH_LOG_LEVEL;
  if (env.SIPWATCH_CLUSTER_URL) section('cluster').postgresUrl = env.SIPWATCH_CLUSTER_URL;
  if (env.SIPWATCH_NODE_ID) section('cluster').nodeId = env.SIPWATCH_NODE_ID;
  return out;
}

/** Keys of earlier versions, named with where they went (the schema alone would only say "unrecognized"). */
function movedKeys(input: unknown): string[] {
  if (!input || typeof input !== 'object') return [];
  const { ingest, admin } = input as { ingest?: { tokens?: unknown }; admin?: unknown };
  const out: string[] = [];
  if (ingest && typeof ingest === 'object' && 'tokens' in ingest)
    out.push('ingest.tokens: moved to auth.ingest (a list of tokens)');
  if (admin !== undefined) out.push('admin.token: moved to auth.admin (a list of tokens)');
  return out;
}

/** Validates an in-memory config (tests and embedders). */
export function parseConfig(input: unknown, origin = 'config'): Config {
  const moved = movedKeys(input);
  if (moved.length > 0) throw new ConfigError(moved.map((m) => `${origin}: ${m}`).join('\n'));
  const result = ConfigSchema.safeParse(input ?? {});
  if (!result.success) throw new ConfigError(formatIssues(result.error, origin));
  return result.data;
}

/** Reads SIPWATCH_CONFIG (YAML or JSON) if set, then the environment overrides. */
export function loadConfig(env: Env = process.env): Config {
  const file = env.SIPWATCH_CONFIG;
  let fromFile: Record<string, unknown> = {};
  let origin = 'environment';
  if (file) {
    origin = path.resolve(file);
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (err) {
      throw new ConfigError(`SIPWATCH_CONFIG: cannot read ${origin}: ${(err as Error).message}`);
    }
    try {
      const parsed: unknown = file.endsWith('.json') ? JSON.parse(text) : parseYaml(text);
      if (parsed !== null && parsed !== undefined) {
        if (typeof parsed !== 'object' || Array.isArray(parsed))
          throw new Error('the top level must be a mapping');
        fromFile = parsed as Record<string, unknown>;
      }
    } catch (err) {
      throw new ConfigError(`${origin}: ${(err as Error).message}`);
    }
  }
  return parseConfig(applyEnv(fromFile, env), origin);
}

/**
 * With the demo on, the default file is sipwatch-demo.db: a production database must never hold
 * synthetic history because someone forgot SIPWATCH_DEMO=0. An explicit file is used as given.
 */
/**
 * The URLs the outside world reaches this server at: `ingest.publicBaseUrl` (for webhooks) and
 * `ui.publicUrl` (for people). Both name the server: their hosts are answered and their origins
 * may make changes.
 */
export function publicUrls(config: Config): string[] {
  return [config.ingest.publicBaseUrl, config.ui.publicUrl].filter((u): u is string => u !== undefined);
}

export function dbFilePath(config: Config): string {
  const name = config.demo.enabled && config.demo.rate > 0 ? 'sipwatch-demo.db' : 'sipwatch.db';
  return config.storage.dbFile ?? path.join(config.storage.dataDir, name);
}
