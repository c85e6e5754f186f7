import { CHANNELS } from '../wire/event.js';
import { truncateChars, truncateUtf8 } from './normalise-text.js';
export const OTHER_HOST = '(other)';
const WINDOW_SECONDS = 60;
const MAX_HOST_CHARS = 255;
function emptyCounts() {
    return { accepted: 0, rejected: {}, rejectedTotal: 0, unparsed: 0, clamped: 0 };
}
function addInto(target, from) {
    target.accepted += from.accepted;
    target.unparsed += from.unparsed;
    target.clamped += from.clamped;
    target.rejectedTotal += from.rejectedTotal;
    for (const [reason, n] of Object.entries(from.rejected))
        target.rejected[reason] = (target.rejected[reason] ?? 0) + n;
}
function cloneCounts(c) {
    return { ...c, rejected: { ...c.rejected } };
}
/**
 * Accepted / rejected / unparsed counts per channel and source host, since start and for the last
 * minute (60 one-second slots driven by the injected clock), plus the last N unparsed lines.
 * Memory is bounded: hosts per channel are capped, reasons come from code, samples are a ring.
 */
export class IngestStats {
    clock;
    sampleLimit;
    startedAt;
    totals = new Map();
    slots = Array.from({ length: WINDOW_SECONDS }, () => ({
        second: -1,
        entries: new Map(),
    }));
    samples = [];
    nextSample = 0;
    maxHosts;
    maxLineBytes;
    hostsPerChannel = new Map();
    constructor(clock, sampleLimit, options = {}) {
        this.clock = clock;
        this.sampleLimit = sampleLimit;
        this.startedAt = clock.now();
        this.maxHosts = options.maxHosts ?? 1000;
        this.maxLineBytes = options.maxLineBytes ?? 1024;
    }
    accepted(channel, host, n) {
        if (n <= 0)
            return;
        this.record(channel, host, (c) => {
            c.accepted += n;
        });
    }
    rejected(channel, host, reason, n = 1) {
        if (n <= 0)
            return;
        this.record(channel, host, (c) => {
            c.rejected[reason] = (c.rejected[reason] ?? 0) + n;
            c.rejectedTotal += n;
        });
    }
    clamped(channel, host, n = 1) {
        if (n <= 0)
            return;
        this.record(channel, host, (c) => {
            c.clamped += n;
        });
    }
    /** Counts a line that yielded no event and keeps it among the last N samples. */
    unparsed(channel, host, line) {
        const key = this.record(channel, host, (c) => {
            c.unparsed += 1;
        });
        if (this.sampleLimit <= 0)
            return;
        const sample = {
            at: this.clock.now(),
            channel,
            host: this.totals.get(key).host,
            line: truncateUtf8(line, this.maxLineBytes),
        };
        if (this.samples.length < this.sampleLimit)
            this.samples.push(sample);
        else
            this.samples[this.nextSample] = sample;
        this.nextSample = (this.nextSample + 1) % this.sampleLimit;
    }
    /** The kept unparsed lines, newest first. */
    unparsedSamples() {
        const n = this.samples.length;
        const out = [];
        for (let i = 1; i <= n; i++)
            out.push({ ...this.samples[(this.nextSample - i + n * 2) % n] });
        return out;
    }
    snapshot() {
        const now = this.clock.now();
        const nowSecond = Math.floor(now / 1000);
        const minute = new Map();
        for (const slot of this.slots) {
            if (slot.second <= nowSecond - WINDOW_SECONDS || slot.second > nowSecond)
                continue;
            for (const [key, entry] of slot.entries) {
                let c = minute.get(key);
                if (!c)
                    minute.set(key, (c = emptyCounts()));
                addInto(c, entry.counts);
            }
        }
        const channels = Object.fromEntries(CHANNELS.map((ch) => [ch, { sinceStart: emptyCounts(), lastMinute: emptyCounts() }]));
        const all = { sinceStart: emptyCounts(), lastMinute: emptyCounts() };
        const hosts = [];
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
        hosts.sort((a, b) => a.channel === b.channel ? a.host.localeCompare(b.host) : a.channel < b.channel ? -1 : 1);
        return { now, startedAt: this.startedAt, ...all, channels, hosts };
    }
    record(channel, rawHost, apply) {
        let host = truncateChars(rawHost || 'unknown', MAX_HOST_CHARS);
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
                if (host !== OTHER_HOST)
                    this.hostsPerChannel.set(channel, known + 1);
            }
        }
        apply(entry.counts);
        const second = Math.floor(this.clock.now() / 1000);
        const slot = this.slots[((second % WINDOW_SECONDS) + WINDOW_SECONDS) % WINDOW_SECONDS];
        if (slot.second !== second) {
            slot.second = second;
            slot.entries.clear();
        }
        let windowed = slot.entries.get(key);
        if (!windowed)
            slot.entries.set(key, (windowed = { channel, host, counts: emptyCounts() }));
        apply(windowed.counts);
        return key;
    }
}
//# sourceMappingURL=stats.js.map