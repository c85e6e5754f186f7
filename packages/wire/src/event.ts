import { z } from 'zod';

export const CHANNELS = ['http', 'syslog', 'hep', 'demo'] as const;
export type Channel = (typeof CHANNELS)[number];

export const SCOPES = ['transaction', 'call'] as const;
export type Scope = (typeof SCOPES)[number];

export const DIRECTIONS = ['inbound', 'outbound', 'internal', 'unknown'] as const;
export type Direction = (typeof DIRECTIONS)[number];

export const EventSourceSchema = z.object({
  channel: z.enum(CHANNELS),
  /** Which parser or mapper produced the event, e.g. "kamailio-acc", "twilio", "json". */
  format: z.string().max(64),
  /** The sending host (syslog hostname, HEP node, or the peer address). */
  host: z.string().max(255),
});
export type EventSource = z.infer<typeof EventSourceSchema>;

/**
 * The one normalised SIP response event. Every intake adapter produces these; the aggregator,
 * store, REST API and dashboard consume them.
 */
export const SipEventSchema = z.object({
  /** Event time, ms since the epoch. */
  ts: z.number().int().nonnegative(),
  /** When sipwatch received it, ms since the epoch. */
  receivedAt: z.number().int().nonnegative(),
  code: z.number().int().min(100).max(699),
  reason: z.string().max(256).optional(),
  /** The method of the request this response answers (INVITE, REGISTER, ...). */
  method: z.string().max(32).optional(),
  /** `call`: the outcome of a whole call (CDR, call webhook); `transaction`: one reply seen by a proxy. */
  scope: z.enum(SCOPES),
  callId: z.string().max(256).optional(),
  cseq: z.number().int().nonnegative().optional(),
  /** Present when the request was in-dialog (a To tag on the request); absent for an initial INVITE. */
  inDialog: z.boolean().optional(),
  /** A 487 that answered the caller's CANCEL: the call was abandoned, not failed. */
  cancelled: z.boolean().optional(),
  from: z.string().max(512).optional(),
  to: z.string().max(512).optional(),
  srcIp: z.string().max(64).optional(),
  srcPort: z.number().int().min(0).max(65535).optional(),
  dstIp: z.string().max(64).optional(),
  dstPort: z.number().int().min(0).max(65535).optional(),
  /** The carrier, gateway or peer a NOC slices by. */
  trunk: z.string().max(128).optional(),
  direction: z.enum(DIRECTIONS).optional(),
  source: EventSourceSchema,
  /** The original line or payload, truncated, for drill-down. Untrusted: render as text only. */
  raw: z.string().optional(),
});
export type SipEvent = z.infer<typeof SipEventSchema>;
