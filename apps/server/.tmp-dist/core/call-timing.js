import { NONE_NAME, OTHER_NAME } from './dimensions.js';
/**
 * Post-dial delay and setup time per trunk, as p50/p95 over a time window. Pure and bounded: each
 * time slot holds, per trunk, a fixed histogram of delays (not one number per call), slots roll over
 * in a ring covering the retention, and the number of trunk names is capped (past the cap: "other").
 * Memory ≤ slots × maxTrunks × 2 × (buckets + 3) numbers, whatever the traffic.
 */
/** Upper bounds of the histogram buckets, ms. A last bucket holds everything slower. */
export const TIMING_BUCKET_BOUNDS_MS = [
    100, 200, 300, 400, 500, 750, 1000, 1250, 1500, 2000, 2500, 3000, 3500, 4000, 5000, 6000, 7000, 8000,
    10_000, 12_000, 15_000, 20_000, 25_000, 30_000, 40_000, 50_000, 60_000, 90_000, 120_000, 180_000,
];
const BUCKETS = TIMING_BUCKET_BOUNDS_MS.length + 1;
/** Trunk name of calls no trunk mapping matched, and of those past the cap (as in the aggregator). */
export { NONE_NAME as NO_TRUNK, OTHER_NAME as OTHER_TRUNK } from './dimensions.js';
export const DEFAULT_CALL_TIMINGS_OPTIONS = {
    slotMs: 15_000,
    retentionMs: 60 * 60_000,
    maxTrunks: 500,
};
/** Counts per bucket plus the smallest and largest value seen, which sharpen small samples. */
class Histogram {
    counts = new Uint32Array(BUCKETS);
    count = 0;
    min = Infinity;
    max = -Infinity;
    add(ms) {
        this.counts[bucketOf(ms)]++;
        this.count++;
        if (ms < this.min)
            this.min = ms;
        if (ms > this.max)
            this.max = ms;
    }
    merge(other) {
        for (let i = 0; i < BUCKETS; i++)
            this.counts[i] += other.counts[i];
        this.count += other.count;
        this.min = Math.min(this.min, other.min);
        this.max = Math.max(this.max, other.max);
    }
    /** The q-quantile, interpolated inside its bucket and kept within [min, max]. */
    quantile(q) {
        if (this.count === 0)
            return null;
        const rank = q * this.count;
        let before = 0;
        for (let i = 0; i < BUCKETS; i++) {
            const c = this.counts[i];
            if (c === 0)
                continue;
            if (before + c >= rank) {
                const lo = i === 0 ? 0 : TIMING_BUCKET_BOUNDS_MS[i - 1];
                const hi = TIMING_BUCKET_BOUNDS_MS[i] ?? lo;
                const value = lo + ((hi - lo) * (rank - before)) / c;
                return Math.round(Math.min(this.max, Math.max(this.min, value)));
            }
            before += c;
        }
        return Math.round(this.max);
    }
    stats() {
        return { p50: this.quantile(0.5), p95: this.quantile(0.95), count: this.count };
    }
}
function bucketOf(ms) {
    let lo = 0;
    let hi = TIMING_BUCKET_BOUNDS_MS.length;
    while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (ms <= TIMING_BUCKET_BOUNDS_MS[mid])
            hi = mid;
        else
            lo = mid + 1;
    }
    return lo;
}
export class CallTimings {
    opts;
    ring;
    trunkNames = new Set();
    stats = { tooOld: 0 };
    constructor(options = {}) {
        this.opts = { ...DEFAULT_CALL_TIMINGS_OPTIONS, ...options };
        this.ring = new Array(Math.ceil(this.opts.retentionMs / this.opts.slotMs) + 1);
    }
    /** Records the delays of one finished call attempt. Future times are taken as `now`. */
    add(sample, now) {
        const pdd = sample.pddMs;
        const setup = sample.result === 'abandoned' ? undefined : sample.setupMs;
        if (pdd === undefined && setup === undefined)
            return;
        const ts = Math.min(sample.ts, now);
        if (ts < now - this.opts.retentionMs) {
            this.stats.tooOld++;
            return;
        }
        const slot = this.slotFor(Math.floor(ts / this.opts.slotMs));
        if (!slot) {
            this.stats.tooOld++;
            return;
        }
        const name = this.trunkName(sample.trunk);
        let t = slot.trunks.get(name);
        if (!t) {
            t = { pdd: new Histogram(), setup: new Histogram() };
            slot.trunks.set(name, t);
        }
        if (pdd !== undefined)
            t.pdd.add(pdd);
        if (setup !== undefined)
            t.setup.add(setup);
    }
    /** One row per trunk that had timed calls in the window, sorted by trunk name. */
    query(window, filter = {}) {
        const merged = this.merge(window, filter);
        return [...merged.entries()]
            .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
            .map(([trunk, t]) => ({ trunk, pdd: t.pdd.stats(), setup: t.setup.stats() }));
    }
    /** All trunks of the window (or the filtered one) together. */
    total(window, filter = {}) {
        const all = { pdd: new Histogram(), setup: new Histogram() };
        for (const t of this.merge(window, filter).values()) {
            all.pdd.merge(t.pdd);
            all.setup.merge(t.setup);
        }
        return { pdd: all.pdd.stats(), setup: all.setup.stats() };
    }
    merge(window, filter) {
        const last = Math.floor((window.to - 1) / this.opts.slotMs);
        // Never reach further back than the ring holds, whatever the window asks for.
        const first = Math.max(Math.floor(window.from / this.opts.slotMs), last - this.ring.length + 1);
        const out = new Map();
        for (const slot of this.ring) {
            if (!slot || slot.id < first || slot.id > last)
                continue;
            for (const [trunk, t] of slot.trunks) {
                if (filter.trunk !== undefined && filter.trunk !== trunk)
                    continue;
                let acc = out.get(trunk);
                if (!acc) {
                    acc = { pdd: new Histogram(), setup: new Histogram() };
                    out.set(trunk, acc);
                }
                acc.pdd.merge(t.pdd);
                acc.setup.merge(t.setup);
            }
        }
        return out;
    }
    slotFor(id) {
        const pos = id % this.ring.length;
        const slot = this.ring[pos];
        if (slot && slot.id === id)
            return slot;
        if (slot && slot.id > id)
            return undefined;
        const fresh = { id, trunks: new Map() };
        this.ring[pos] = fresh;
        return fresh;
    }
    trunkName(trunk) {
        const name = trunk === undefined || trunk === '' ? NONE_NAME : trunk;
        if (this.trunkNames.has(name))
            return name;
        if (this.trunkNames.size >= this.opts.maxTrunks)
            return OTHER_NAME;
        this.trunkNames.add(name);
        return name;
    }
}
//# sourceMappingURL=call-timing.js.map