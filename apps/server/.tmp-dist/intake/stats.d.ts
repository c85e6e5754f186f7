import type { Clock } from '../clock.js';
import type { Channel } from '../wire/event.js';
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
export interface IngestStatsSnapshot extends WindowedCounts {
    now: number;
    startedAt: number;
    channels: Record<Channel, WindowedCounts>;
    hosts: HostIngestCounts[];
}
export interface UnparsedSample {
    /** Receive time, ms. */
    at: number;
    channel: Channel;
    host: string;
    /** The line or payload, truncated. Untrusted: render as text only. */
    line: string;
}
export interface IngestStatsOptions {
    /** Hosts tracked separately per channel; the rest are counted under OTHER_HOST. */
    maxHosts?: number;
    /** Sampled lines are cut to this many bytes. */
    maxLineBytes?: number;
}
export declare const OTHER_HOST = "(other)";
/**
 * Accepted / rejected / unparsed counts per channel and source host, since start and for the last
 * minute (60 one-second slots driven by the injected clock), plus the last N unparsed lines.
 * Memory is bounded: hosts per channel are capped, reasons come from code, samples are a ring.
 */
export declare class IngestStats {
    private readonly clock;
    private readonly sampleLimit;
    private readonly startedAt;
    private readonly totals;
    private readonly slots;
    private readonly samples;
    private nextSample;
    private readonly maxHosts;
    private readonly maxLineBytes;
    private readonly hostsPerChannel;
    constructor(clock: Clock, sampleLimit: number, options?: IngestStatsOptions);
    accepted(channel: Channel, host: string, n: number): void;
    rejected(channel: Channel, host: string, reason: string, n?: number): void;
    clamped(channel: Channel, host: string, n?: number): void;
    /** Counts a line that yielded no event and keeps it among the last N samples. */
    unparsed(channel: Channel, host: string, line: string): void;
    /** The kept unparsed lines, newest first. */
    unparsedSamples(): UnparsedSample[];
    snapshot(): IngestStatsSnapshot;
    private record;
}
