import type { Clock } from '../clock.js';
import { CHANNELS } from '@sipwatch/wire';
import type {
  Channel,
  HostIngestCounts,
  IngestCounts,
  IngestStatsSnapshot,
  ListenerPushback,
  UnparsedSample,
  WindowedCounts,
} from '@sipwatch/wire';
import { truncateUtf8 } from './normalise-text.js';
import { dimensionName, ownCopy } from '../core/names.js';

export interface IngestStatsOptions {
  /** Hosts tracked separately per channel; the rest are counted under OTHER_HOST. */
  maxHosts?: number;
  /** Sampled lines are cut to this many bytes. */
  maxLineBytes?: number;
}

export const OTHER_HOST = '(other)';
const WINDOW_SECONDS = 60;

interface Entry {
  channel: Channel;
  host: string;
  counts: IngestCounts;
}

interface Slot {
  second: number;
  entries: Map<string, Entry>;
}

function emptyCounts(): IngestCounts {
  return { accepted: 0, rejected: {}, rejectedTotal: 0, unparsed: 0, clamped: 0 };
}

function addInto(target: IngestCounts, from: IngestCounts): void {
  target.accepted += from.accepted;
  target.unparsed += from.unparsed;
  target.clamped += from.clamped;
  target.rejectedTotal += from.rejectedTotal;
  for (const [reason, n] of Object.entries(from.rejected))
    target.rejected[reason] = (target.rejected[reason] ?? 0) + n;
}

function cloneCounts(c: IngestCounts): IngestCounts {
  return { ...c, rejected: { ...c.rejected } };
}

/**
 * Accepted / rejected / unparsed counts per channel and source host, since start and for the last
 * minute (60 one-second slots driven by the injected clock), plus the last N unparsed lines.
 * Memory is bounded: hosts per channel are capped, reasons come from code, samples are a ring.
 */
export class IngestStats {
  private readonly startedAt: number;
  private readonly totals = new Map<string, Entry>();
  private readonly slots: Slot[] = Array.from({ length: WINDOW_SECONDS }, () => ({
    second: -1,
    entries: new Map(),
  }));
  private readonly samples: UnparsedSample[] = [];
  /** Keyed by listener names from code, so bounded. */
  private readonly listeners = new Map<string, ListenerPushback>();
  private readonly kernelDrops = new Map<string, () => number | undefined>();
  private nextSample = 0;
  private readonly maxHosts: number;
  private readonly maxLineBytes: number;
  private readonly hostsPerChannel = new Map<Channel, number>();

  constructor(
    private readonly clock: Clock,
    private readonly sampleLimit: number,
    options: IngestStatsOptions = {},
  ) {
    this.startedAt = clock.now();
    this.maxHosts = options.maxHosts ?? 1000;
    this.maxLineBytes = options.maxLineBytes ?? 1024;
  }

  /** A message `listener` dropped because the intake was behind (also counted per host as rejected). */
  dropped(listener: string, n = 1): void {
    this.pushback(listener).dropped += n;
  }

  /** `listener` paused reading or refused a request because the intake was behind. */
  paused(listener: string): void {
    this.pushback(listener).pushedBack += 1;
  }

  /** Reads `drops` (the kernel's count of a UDP listener's lost datagrams) at every snapshot. */
  watchKernelDrops(listener: string, drops: () => number | undefined): void {
    this.kernelDrops.set(listener, drops);
  }

  private pushback(listener: string): ListenerPushback {
    let p = this.listeners.get(listener);
    if (!p) this.listeners.set(listener, (p = { dropped: 0, pushedBack: 0 }));
    return p;
  }

  accepted(channel: Channel, host: string, n: number): void {
    if (n <= 0) return;
    this.record(channel, host, (c) => {
      c.accepted += n;
    });
  }

  rejected(channel: Channel, host: string, reason: string, n = 1): void {
    if (n <= 0) return;
    this.record(channel, host, (c) => {
      c.rejected[reason] = (c.rejected[reason] ?? 0) + n;
      c.rejectedTotal += n;
    });
  }

  clamped(channel: Channel, host: string, n = 1): void {
    if (n <= 0) return;
    this.record(channel, host, (c) => {
      c.clamped += n;
    });
  }

  /** Counts a line that yielded no event and keeps it among the last N samples. */
  unparsed(channel: Channel, host: string, line: string): void {
    const key = this.record(channel, host, (c) => {
      c.unparsed += 1;
    });
    if (this.sampleLimit <= 0) return;
    const sample: UnparsedSample = {
      at: this.clock.now(),
      channel,
      host: this.totals.get(key)!.host,
      // Kept for long: a copy, not a slice that would keep the whole message.
      line: ownCopy(truncateUtf8(line, this.maxLineBytes)),
    };
    if (this.samples.length < this.sampleLimit) this.samples.push(sample);
    else this.samples[this.nextSample] = sample;
    this.nextSample = (this.nextSample + 1) % this.sampleLimit;
  }

  /** The kept unparsed lines, newest first. */
  unparsedSamples(): UnparsedSample[] {
    const n = this.samples.length;
    const out: UnparsedSample[] = [];
    for (let i = 1; i <= n; i++) out.push({ ...this.samples[(this.nextSample - i + n * 2) % n]! });
    return out;
  }

  snapshot(): IngestStatsSnapshot {
    const now = this.clock.now();
    const nowSecond = Math.floor(now / 1000);
    const minute = new Map<string, IngestCounts>();
    for (const slot of this.slots) {
      if (slot.second <= nowSecond - WINDOW_SECONDS || slot.second > nowSecond) continue;
      for (const [key, entry] of slot.entries) {
        let c = minute.get(key);
        if (!c) minute.set(key, (c = emptyCounts()));
        addInto(c, entry.counts);
      }
    }
    const channels = Object.fromEntries(
      CHANNELS.map((ch) => [ch, { sinceStart: emptyCounts(), lastMinute: emptyCounts() }]),
    ) as Record<Channel, WindowedCounts>;
    const all: WindowedCounts = { sinceStart: emptyCounts(), lastMinute: emptyCounts() };
    const hosts: HostIngestCounts[] = [];
    for (const [key, entry] of this.totals) {
      const lastMinute = minute.get(key) ?? emptyCounts();
      hosts.push({
        channel: entry.channel,
        host: entry.host,
        sinceStart: cloneCounts(entry.counts),
        lastMinute,
      });
      addInto(channels[entry.channel].sinceStart, entry.counts);
      addInto(channels[entry.channel].lastMinute, lastMinute);
      addInto(all.sinceStart, entry.counts);
      addInto(all.lastMinute, lastMinute);
    }
    hosts.sort((a, b) =>
      a.channel === b.channel ? a.host.localeCompare(b.host) : a.channel < b.channel ? -1 : 1,
    );
    const listeners: Record<string, ListenerPushback> = Object.fromEntries(
      [...this.listeners].map(([name, p]) => [name, { ...p }]),
    );
    for (const [name, read] of this.kernelDrops) {
      const kernelDropped = read();
      if (kernelDropped !== undefined)
        listeners[name] = { ...(listeners[name] ?? { dropped: 0, pushedBack: 0 }), kernelDropped };
    }
    return { now, startedAt: this.startedAt, ...all, channels, hosts, listeners };
  }

  private record(channel: Channel, rawHost: string, apply: (c: IngestCounts) => void): string {
    let host = dimensionName(rawHost) || 'unknown';
    let key = `${channel}\u0000${host}`;
    let entry = this.totals.get(key);
    if (!entry) {
      const known = this.hostsPerChannel.get(channel) ?? 0;
      if (known >= this.maxHosts) {
        host = OTHER_HOST;
        key = `${channel}\u0000${host}`;
        entry = this.totals.get(key);
      }
      if (!entry) {
        entry = { channel, host, counts: emptyCounts() };
        this.totals.set(key, entry);
        if (host !== OTHER_HOST) this.hostsPerChannel.set(channel, known + 1);
      }
    }
    apply(entry.counts);

    const second = Math.floor(this.clock.now() / 1000);
    const slot = this.slots[((second % WINDOW_SECONDS) + WINDOW_SECONDS) % WINDOW_SECONDS]!;
    if (slot.second !== second) {
      slot.second = second;
      slot.entries.clear();
    }
    let windowed = slot.entries.get(key);
    if (!windowed) slot.entries.set(key, (windowed = { channel, host, counts: emptyCounts() }));
    apply(windowed.counts);
    return key;
  }
}
