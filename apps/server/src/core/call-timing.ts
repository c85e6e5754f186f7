import type { TimingPoint, TimingRow, TimingStats, TimingSummary } from '@sipwatch/wire';
import type { CallOutcome } from './call-tracker.js';
import { NONE_NAME, OTHER_NAME } from './dimensions.js';

/**
 * Post-dial delay and setup time per trunk, as p50/p95 over a time window. Pure and bounded: each
 * time slot holds, per trunk, a fixed histogram of delays (not one number per call), slots roll over
 * in a ring covering the retention, and the number of trunk names is capped (past the cap: "other").
 * Memory ≤ slots × maxTrunks × 2 × (buckets + 3) numbers, whatever the traffic.
 */

/** Upper bounds of the histogram buckets, ms. A last bucket holds everything slower. */
export const TIMING_BUCKET_BOUNDS_MS: readonly number[] = [
  100, 200, 300, 400, 500, 750, 1000, 1250, 1500, 2000, 2500, 3000, 3500, 4000, 5000, 6000, 7000, 8000,
  10_000, 12_000, 15_000, 20_000, 25_000, 30_000, 40_000, 50_000, 60_000, 90_000, 120_000, 180_000,
];
const BUCKETS = TIMING_BUCKET_BOUNDS_MS.length + 1;

/** Trunk name of calls no trunk mapping matched, and of those past the cap (as in the aggregator). */
export { NONE_NAME as NO_TRUNK, OTHER_NAME as OTHER_TRUNK } from './dimensions.js';

export interface CallTimingsOptions {
  slotMs: number;
  retentionMs: number;
  maxTrunks: number;
}

export const DEFAULT_CALL_TIMINGS_OPTIONS: CallTimingsOptions = {
  slotMs: 15_000,
  retentionMs: 60 * 60_000,
  maxTrunks: 500,
};

export interface TimingWindow {
  from: number;
  to: number;
}

export interface TimingFilter {
  trunk?: string;
}

export type TimingSample = Pick<CallOutcome, 'ts' | 'trunk' | 'pddMs' | 'setupMs' | 'result'>;

/** A histogram as stored: the non-empty buckets as [index, count] pairs, and its extremes. */
export interface HistogramRecord {
  buckets: [number, number][];
  count: number;
  min: number | null;
  max: number | null;
}

/** One trunk's histograms of one time slot, as the store keeps them across restarts. */
export interface TimingSlotRecord {
  /** Start of the slot, ms. */
  startMs: number;
  trunk: string;
  pdd: HistogramRecord;
  setup: HistogramRecord;
}

/** Counts per bucket plus the smallest and largest value seen, which sharpen small samples. */
class Histogram {
  readonly counts = new Uint32Array(BUCKETS);
  count = 0;
  min = Infinity;
  max = -Infinity;

  add(ms: number): void {
    this.counts[bucketOf(ms)]!++;
    this.count++;
    if (ms < this.min) this.min = ms;
    if (ms > this.max) this.max = ms;
  }

  merge(other: Histogram): void {
    for (let i = 0; i < BUCKETS; i++) this.counts[i]! += other.counts[i]!;
    this.count += other.count;
    this.min = Math.min(this.min, other.min);
    this.max = Math.max(this.max, other.max);
  }

  /** The q-quantile, interpolated inside its bucket and kept within [min, max]. */
  quantile(q: number): number | null {
    if (this.count === 0) return null;
    const rank = q * this.count;
    let before = 0;
    for (let i = 0; i < BUCKETS; i++) {
      const c = this.counts[i]!;
      if (c === 0) continue;
      if (before + c >= rank) {
        const lo = i === 0 ? 0 : TIMING_BUCKET_BOUNDS_MS[i - 1]!;
        const hi = TIMING_BUCKET_BOUNDS_MS[i] ?? lo;
        const value = lo + ((hi - lo) * (rank - before)) / c;
        return Math.round(Math.min(this.max, Math.max(this.min, value)));
      }
      before += c;
    }
    return Math.round(this.max);
  }

  stats(): TimingStats {
    return { p50: this.quantile(0.5), p95: this.quantile(0.95), count: this.count };
  }

  toRecord(): HistogramRecord {
    const buckets: [number, number][] = [];
    this.counts.forEach((c, i) => {
      if (c > 0) buckets.push([i, c]);
    });
    return {
      buckets,
      count: this.count,
      min: this.count > 0 ? this.min : null,
      max: this.count > 0 ? this.max : null,
    };
  }

  /** Adds a stored histogram; buckets this build does not have are ignored. */
  addRecord(r: HistogramRecord): void {
    let count = 0;
    for (const [i, c] of r.buckets) {
      if (!Number.isInteger(i) || i < 0 || i >= BUCKETS || !(c > 0)) continue;
      this.counts[i]! += c;
      count += c;
    }
    if (count === 0) return;
    this.count += count;
    if (r.min !== null) this.min = Math.min(this.min, r.min);
    if (r.max !== null) this.max = Math.max(this.max, r.max);
  }
}

function bucketOf(ms: number): number {
  let lo = 0;
  let hi = TIMING_BUCKET_BOUNDS_MS.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (ms <= TIMING_BUCKET_BOUNDS_MS[mid]!) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

interface TrunkTimings {
  pdd: Histogram;
  setup: Histogram;
}

interface Slot {
  /** floor(ts / slotMs) of the slot's start. */
  id: number;
  trunks: Map<string, TrunkTimings>;
}

export interface CallTimingsStats {
  /** Samples older than the retention, dropped. */
  tooOld: number;
}

export class CallTimings {
  private readonly opts: CallTimingsOptions;
  private readonly ring: (Slot | undefined)[];
  private readonly trunkNames = new Set<string>();
  /** Slots changed since the last takeDirty(), for the store. */
  private dirty = new Set<Slot>();
  readonly stats: CallTimingsStats = { tooOld: 0 };

  constructor(options: Partial<CallTimingsOptions> = {}) {
    this.opts = { ...DEFAULT_CALL_TIMINGS_OPTIONS, ...options };
    this.ring = new Array<Slot | undefined>(Math.ceil(this.opts.retentionMs / this.opts.slotMs) + 1);
  }

  /** How far back slots are kept, ms. */
  get retentionMs(): number {
    return this.opts.retentionMs;
  }

  /** Records the delays of one finished call attempt. Future times are taken as `now`. */
  add(sample: TimingSample, now: number): void {
    const pdd = sample.pddMs;
    const setup = sample.result === 'abandoned' ? undefined : sample.setupMs;
    if (pdd === undefined && setup === undefined) return;
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
    if (pdd !== undefined) t.pdd.add(pdd);
    if (setup !== undefined) t.setup.add(setup);
    this.dirty.add(slot);
  }

  /** Every trunk of every slot changed since the last call, for the store to write. */
  takeDirty(): TimingSlotRecord[] {
    const records: TimingSlotRecord[] = [];
    for (const slot of this.dirty) {
      const startMs = slot.id * this.opts.slotMs;
      for (const [trunk, t] of slot.trunks)
        records.push({ startMs, trunk, pdd: t.pdd.toRecord(), setup: t.setup.toRecord() });
    }
    this.dirty = new Set();
    return records;
  }

  /** After a failed write: the slots of these records are written again with the next flush. */
  restoreDirty(records: readonly TimingSlotRecord[]): void {
    for (const r of records) {
      const id = Math.floor(r.startMs / this.opts.slotMs);
      const slot = this.ring[id % this.ring.length];
      if (slot && slot.id === id) this.dirty.add(slot);
    }
  }

  /** Resumes from stored slots (at start, before any traffic); those past the retention are skipped. */
  load(records: readonly TimingSlotRecord[], now: number): void {
    for (const r of records) {
      if (r.startMs + this.opts.slotMs <= now - this.opts.retentionMs) continue;
      const slot = this.slotFor(Math.floor(r.startMs / this.opts.slotMs));
      if (!slot) continue;
      const name = this.trunkName(r.trunk);
      let t = slot.trunks.get(name);
      if (!t) {
        t = { pdd: new Histogram(), setup: new Histogram() };
        slot.trunks.set(name, t);
      }
      t.pdd.addRecord(r.pdd);
      t.setup.addRecord(r.setup);
    }
  }

  /** One row per trunk that had timed calls in the window, sorted by trunk name. */
  query(window: TimingWindow, filter: TimingFilter = {}): TimingRow[] {
    const merged = this.merge(window, filter);
    return [...merged.entries()]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([trunk, t]) => ({ trunk, pdd: t.pdd.stats(), setup: t.setup.stats() }));
  }

  /** All trunks of the window (or the filtered one) together. */
  total(window: TimingWindow, filter: TimingFilter = {}): TimingSummary {
    const all: TrunkTimings = { pdd: new Histogram(), setup: new Histogram() };
    for (const t of this.merge(window, filter).values()) {
      all.pdd.merge(t.pdd);
      all.setup.merge(t.setup);
    }
    return { pdd: all.pdd.stats(), setup: all.setup.stats() };
  }

  /**
   * The total of each step of `stepMs` (a whole number of slots) from the step holding
   * `window.from` to the one holding `window.to - 1`, oldest first; steps without calls included.
   */
  series(window: TimingWindow, stepMs: number, filter: TimingFilter = {}): TimingPoint[] {
    const step = Math.max(1, Math.round(stepMs / this.opts.slotMs)) * this.opts.slotMs;
    const points: TimingPoint[] = [];
    for (let at = Math.floor(window.from / step) * step; at < window.to; at += step)
      points.push({ at, ...this.total({ from: at, to: at + step }, filter) });
    return points;
  }

  /** Slot length, ms: the finest step a series can have. */
  get slotMs(): number {
    return this.opts.slotMs;
  }

  private merge(window: TimingWindow, filter: TimingFilter): Map<string, TrunkTimings> {
    const last = Math.floor((window.to - 1) / this.opts.slotMs);
    // Never reach further back than the ring holds, whatever the window asks for.
    const first = Math.max(Math.floor(window.from / this.opts.slotMs), last - this.ring.length + 1);
    const out = new Map<string, TrunkTimings>();
    for (const slot of this.ring) {
      if (!slot || slot.id < first || slot.id > last) continue;
      for (const [trunk, t] of slot.trunks) {
        if (filter.trunk !== undefined && filter.trunk !== trunk) continue;
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

  private slotFor(id: number): Slot | undefined {
    const pos = id % this.ring.length;
    const slot = this.ring[pos];
    if (slot && slot.id === id) return slot;
    if (slot && slot.id > id) return undefined;
    const fresh: Slot = { id, trunks: new Map() };
    this.ring[pos] = fresh;
    return fresh;
  }

  private trunkName(trunk: string | undefined): string {
    const name = trunk === undefined || trunk === '' ? NONE_NAME : trunk;
    if (this.trunkNames.has(name)) return name;
    if (this.trunkNames.size >= this.opts.maxTrunks) return OTHER_NAME;
    this.trunkNames.add(name);
    return name;
  }
}

/** A HistogramRecord from its stored JSON; undefined when the text is not one. */
export function parseHistogramRecord(text: string): HistogramRecord | undefined {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof v !== 'object' || v === null) return undefined;
  const r = v as Partial<HistogramRecord>;
  const extreme = (x: unknown): x is number | null => x === null || typeof x === 'number';
  if (!Array.isArray(r.buckets) || typeof r.count !== 'number' || !extreme(r.min) || !extreme(r.max))
    return undefined;
  const pairs = r.buckets.filter(
    (b): b is [number, number] =>
      Array.isArray(b) && b.length === 2 && typeof b[0] === 'number' && typeof b[1] === 'number',
  );
  return { buckets: pairs, count: r.count, min: r.min, max: r.max };
}
