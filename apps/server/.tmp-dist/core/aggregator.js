import { MAX_METHOD_ID, packCell } from './cell-key.js';
import { CellTable } from './cell-table.js';
import { DimensionTable } from './dimensions.js';
import { eventFlags, ProfileTable } from './outcome.js';
/**
 * The functional core of the live numbers: counts events into 1-second buckets for the live
 * window and 1-minute rollups, by cell (trunk × source × method × code × outcome flags). No I/O,
 * no timers: the shell passes `now` in, drains what changed (`takeDirty`) for the store, and reads
 * tables back for queries (`tablesFor`).
 */
export const SECOND_MS = 1000;
export const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;
/** Events this far ahead of `now` keep their second; further ones are clamped to `now`. */
const MAX_AHEAD_SECONDS = 60;
export const REJECT_REASONS = ['older-than-retention'];
export class Aggregator {
    trunks;
    sources;
    methods;
    profiles;
    liveSeconds;
    minuteMemory;
    retentionMs;
    ring;
    ringSeconds;
    minutes = new Map();
    minuteDeltas = new Map();
    dirtySeconds = new Set();
    dirtyMinutes = new Set();
    currentSecond = -Infinity;
    /** Since start, for /metrics: responses per code (index code - 100). */
    totalByCode = new Float64Array(600);
    /** Since start, for /metrics: responses per trunk id × class index. */
    totalByTrunkClass = new Float64Array(6 * 64);
    accepted = 0;
    clamped = 0;
    constructor(opts) {
        this.liveSeconds = opts.liveSeconds;
        this.minuteMemory = opts.minuteMemory ?? Math.ceil(opts.liveSeconds / 60) + 5;
        this.retentionMs = opts.retentionDays * DAY_MS;
        this.trunks = new DimensionTable('trunk', opts.maxTrunks);
        this.sources = new DimensionTable('source', opts.maxSources);
        this.methods = new DimensionTable('method', MAX_METHOD_ID - 1, (m) => m.toUpperCase());
        this.profiles = new ProfileTable(opts.rules);
        const slots = opts.liveSeconds + MAX_AHEAD_SECONDS + 5;
        this.ring = new Array(slots);
        this.ringSeconds = new Float64Array(slots).fill(-1);
    }
    /** The second `now` falls in; buckets before it are closed. */
    get nowSecond() {
        return this.currentSecond;
    }
    /** The oldest second the live window holds. */
    get liveStartSecond() {
        return this.currentSecond - this.liveSeconds + 1;
    }
    /** The oldest minute held in memory. */
    get minuteFloor() {
        return Math.floor(this.currentSecond / 60) - this.minuteMemory;
    }
    /** Counts a batch. Events older than retention are returned as rejections, not counted. */
    add(events, now) {
        this.advance(now);
        const oldest = now - this.retentionMs;
        const liveStart = this.liveStartSecond;
        const aheadLimit = this.currentSecond + MAX_AHEAD_SECONDS;
        const minuteFloor = this.minuteFloor;
        let rejections;
        for (const e of events) {
            if (e.ts < oldest) {
                (rejections ??= []).push({ event: e, reason: 'older-than-retention' });
                continue;
            }
            let second = Math.floor(e.ts / SECOND_MS);
            if (second > aheadLimit) {
                second = this.currentSecond;
                this.clamped++;
            }
            const trunk = this.trunks.idOf(e.trunk);
            const key = packCell(trunk, this.sources.idOf(e.source.host), this.methods.idOf(e.method), e.code, eventFlags(e));
            if (second >= liveStart) {
                this.secondTable(second).add(key);
                this.dirtySeconds.add(second);
            }
            const minute = Math.floor(second / 60);
            if (minute >= minuteFloor) {
                let table = this.minutes.get(minute);
                if (!table)
                    this.minutes.set(minute, (table = new CellTable()));
                table.add(key);
                this.dirtyMinutes.add(minute);
            }
            else {
                let delta = this.minuteDeltas.get(minute);
                if (!delta)
                    this.minuteDeltas.set(minute, (delta = new CellTable()));
                delta.add(key);
            }
            this.countTotal(trunk, e.code);
        }
        return rejections ?? [];
    }
    /**
     * Moves time on: closes seconds, compacts closed buckets, drops minutes that left memory.
     * Returns the newest closed second.
     */
    tick(now) {
        this.advance(now);
        const closed = this.currentSecond - 1;
        this.ringTable(closed)?.compact();
        this.ringTable(closed - 1)?.compact();
        const floor = this.minuteFloor;
        const currentMinute = Math.floor(this.currentSecond / 60);
        for (const [minute, table] of this.minutes) {
            if (minute < floor && !this.dirtyMinutes.has(minute))
                this.minutes.delete(minute);
            else if (minute < currentMinute)
                table.compact();
        }
        return closed;
    }
    /** The 1-second table of a second in the live window, if it saw anything. */
    secondAt(second) {
        if (second < this.liveStartSecond)
            return undefined;
        return this.ringTable(second);
    }
    minuteAt(minute) {
        return this.minutes.get(minute);
    }
    /**
     * The tables that together count [from, to) once each: whole minutes from the rollups, partial
     * minutes from 1-second buckets where the live window has them. Outside the live window the
     * range widens to whole minutes.
     */
    tablesFor(fromMs, toMs) {
        let from = Math.floor(fromMs / SECOND_MS);
        let to = Math.floor(toMs / SECOND_MS);
        const tables = [];
        if (to <= from)
            return { from: from * SECOND_MS, to: from * SECOND_MS, tables, storeMinutes: null };
        const liveStart = this.liveStartSecond;
        // Seconds before the live window can only be answered by whole minutes.
        const junction = Math.ceil(liveStart / 60) * 60;
        if (from < junction)
            from = Math.floor(from / 60) * 60;
        if (to < junction)
            to = Math.ceil(to / 60) * 60;
        const floor = this.minuteFloor;
        let storeFrom = Infinity;
        let storeTo = -Infinity;
        let s = from;
        while (s < to) {
            const wholeMinute = s % 60 === 0 && s + 60 <= to;
            if (wholeMinute || s < junction) {
                const minute = Math.floor(s / 60);
                if (minute < floor) {
                    storeFrom = Math.min(storeFrom, minute);
                    storeTo = Math.max(storeTo, minute + 1);
                    const delta = this.minuteDeltas.get(minute);
                    if (delta)
                        tables.push(delta);
                }
                else {
                    const table = this.minutes.get(minute);
                    if (table)
                        tables.push(table);
                }
                s = (minute + 1) * 60;
            }
            else {
                const table = this.secondAt(s);
                if (table)
                    tables.push(table);
                s++;
            }
        }
        return {
            from: from * SECOND_MS,
            to: to * SECOND_MS,
            tables,
            storeMinutes: storeFrom < storeTo ? { from: storeFrom, to: storeTo } : null,
        };
    }
    /**
     * Hands over everything changed since the last call; `restoreDirty` undoes it after a failed
     * write. A minute still open stays pending until it closes (its seconds carry it meanwhile, and
     * `load` rebuilds it from them), so a flush never rewrites the busiest table every second;
     * `all` hands over open minutes too (the final flush).
     */
    takeDirty(options = {}) {
        const seconds = [];
        for (const second of this.dirtySeconds) {
            const table = this.ringTable(second);
            if (table)
                seconds.push({ at: second, table });
        }
        const minutes = [];
        const open = Math.floor(this.currentSecond / 60);
        const stillOpen = new Set();
        for (const minute of this.dirtyMinutes) {
            if (minute >= open && !options.all) {
                stillOpen.add(minute);
                continue;
            }
            const table = this.minutes.get(minute);
            if (table)
                minutes.push({ at: minute, table });
        }
        const minuteDeltas = [...this.minuteDeltas].map(([at, table]) => ({ at, table }));
        this.dirtySeconds = new Set();
        this.dirtyMinutes = stillOpen;
        this.minuteDeltas.clear();
        const dimensions = [
            ...this.trunks.takeUnsaved(),
            ...this.sources.takeUnsaved(),
            ...this.methods.takeUnsaved(),
        ];
        return { seconds, minutes, minuteDeltas, dimensions };
    }
    restoreDirty(set) {
        for (const { at } of set.seconds)
            this.dirtySeconds.add(at);
        for (const { at } of set.minutes)
            this.dirtyMinutes.add(at);
        for (const { at, table } of set.minuteDeltas) {
            const pending = this.minuteDeltas.get(at);
            if (pending)
                pending.merge(table);
            else
                this.minuteDeltas.set(at, table);
        }
        for (const table of [this.trunks, this.sources, this.methods]) {
            table.restoreUnsaved(set.dimensions.filter((d) => d.kind === table.kind));
        }
    }
    /** Restores what the store kept, before any event is added. */
    load(state, now) {
        this.advance(now);
        this.trunks.load(state.dimensions);
        this.sources.load(state.dimensions);
        this.methods.load(state.dimensions);
        const liveStart = this.liveStartSecond;
        for (const { at, table } of state.seconds) {
            if (at < liveStart || at > this.currentSecond + MAX_AHEAD_SECONDS)
                continue;
            const slot = this.secondTable(at);
            slot.merge(table);
            slot.compact();
        }
        const floor = this.minuteFloor;
        for (const { at, table } of state.minutes) {
            if (at < floor)
                continue;
            this.minutes.set(at, table);
        }
        // Minutes wholly inside the live window are rebuilt from their seconds: the stored row of the
        // minute that was open at shutdown may be missing or behind. They are written again at the
        // next flush.
        const current = Math.floor(this.currentSecond / 60);
        for (let minute = Math.ceil(liveStart / 60); minute <= current; minute++) {
            const rebuilt = new CellTable();
            for (let s = minute * 60; s < minute * 60 + 60; s++) {
                const second = this.ringTable(s);
                if (second)
                    rebuilt.merge(second);
            }
            if (rebuilt.size === 0 && !this.minutes.has(minute))
                continue;
            rebuilt.compact();
            this.minutes.set(minute, rebuilt);
            this.dirtyMinutes.add(minute);
        }
    }
    /** Cumulative responses per trunk and class since start (for /metrics). */
    forEachTrunkTotal(fn) {
        const totals = this.totalByTrunkClass;
        for (let id = 0; id * 6 < totals.length; id++) {
            for (let c = 0; c < 6; c++) {
                const n = totals[id * 6 + c];
                if (n > 0)
                    fn(this.trunks.nameOf(id), c, n);
            }
        }
    }
    /** Cells held in memory (for the memory bench and /metrics). */
    cellCount() {
        let n = 0;
        for (const t of this.ring)
            if (t)
                n += t.size;
        for (const t of this.minutes.values())
            n += t.size;
        for (const t of this.minuteDeltas.values())
            n += t.size;
        return n;
    }
    /** Moves the current second forward (never back). */
    advance(now) {
        const second = Math.floor(now / SECOND_MS);
        if (second > this.currentSecond)
            this.currentSecond = second;
    }
    ringTable(second) {
        const slot = ((second % this.ring.length) + this.ring.length) % this.ring.length;
        return this.ringSeconds[slot] === second ? this.ring[slot] : undefined;
    }
    secondTable(second) {
        const slot = ((second % this.ring.length) + this.ring.length) % this.ring.length;
        if (this.ringSeconds[slot] !== second) {
            this.ring[slot] = new CellTable();
            this.ringSeconds[slot] = second;
        }
        return this.ring[slot];
    }
    countTotal(trunk, code) {
        this.totalByCode[code - 100] = this.totalByCode[code - 100] + 1;
        const index = trunk * 6 + Math.floor(code / 100) - 1;
        if (index >= this.totalByTrunkClass.length) {
            const grown = new Float64Array(Math.max(index + 1, this.totalByTrunkClass.length * 2));
            grown.set(this.totalByTrunkClass);
            this.totalByTrunkClass = grown;
        }
        this.totalByTrunkClass[index] = this.totalByTrunkClass[index] + 1;
    }
}
//# sourceMappingURL=aggregator.js.map