import type { Channel } from './event.js';

/**
 * The intake's own counts (GET /api/v1/ingest/stats, /ingest/unparsed): what each channel, source
 * host and listener accepted, refused and could not read, since start and over the last minute.
 */

/** Counts of one slice of the intake (a channel, a host, or everything). */
export interface IngestCounts {
  accepted: number;
  /** Rejected items or requests by reason (e.g. `invalid-code`, `too-large`, `oversize-frame`). */
  rejected: Record<string, number>;
  rejectedTotal: number;
  /** Lines or payloads that yielded no event. */
  unparsed: number;
  /** Accepted events whose time lay too far in the future and was clamped to their arrival. */
  clamped: number;
}

export interface WindowedCounts {
  sinceStart: IngestCounts;
  lastMinute: IngestCounts;
}

export interface HostIngestCounts extends WindowedCounts {
  channel: Channel;
  host: string;
}

/** Push-back of one listener since start (`syslog-udp`, `syslog-tcp`, `http`, ...). */
export interface ListenerPushback {
  /** Messages dropped because the intake was behind (UDP cannot make a sender wait). */
  dropped: number;
  /** Times reading was paused (TCP) or a request refused with 503 (HTTP) because the intake was behind. */
  pushedBack: number;
  /** UDP: datagrams the kernel dropped because the socket's receive buffer was full (Linux). */
  kernelDropped?: number;
}

/** GET /api/v1/ingest/stats. */
export interface IngestStatsSnapshot extends WindowedCounts {
  now: number;
  startedAt: number;
  channels: Record<Channel, WindowedCounts>;
  hosts: HostIngestCounts[];
  listeners: Record<string, ListenerPushback>;
}

/** One line or payload that yielded no event (GET /api/v1/ingest/unparsed). */
export interface UnparsedSample {
  /** Receive time, ms. */
  at: number;
  channel: Channel;
  host: string;
  /** The line or payload, truncated. Untrusted: render as text only. */
  line: string;
}

/** GET /api/v1/ingest/unparsed, newest first. */
export interface UnparsedSamples {
  samples: UnparsedSample[];
}
