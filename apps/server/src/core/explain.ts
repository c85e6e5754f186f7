import { classify } from '@sipwatch/codes';
import type {
  EventFilter,
  ExplainBaseline,
  ExplainedCode,
  ExplainedSlice,
  Explanation,
  ExplainOverall,
  ExplainVerdict,
  SliceKey,
} from '@sipwatch/wire';
import { baselineCovered, explanationLine, ratio, utcClock } from '@sipwatch/wire';
import {
  codeOfLow,
  highOf,
  lowOf,
  methodOfLow,
  profileIndexOfLow,
  sourceOfHigh,
  trunkOfHigh,
} from './cell-key.js';
import { CellSum } from './cell-sum.js';
import type { CellTable } from './cell-table.js';
import type { ProfileTable } from './outcome.js';
import type { TimeWindow } from './summary.js';
import { seconds } from './summary.js';
import type { Dimensions, ResolvedFilter } from './tally.js';

/**
 * Spike attribution. Every counted final of the window and of its baseline falls into slices that
 * fix one or two of code × trunk × source × method; a slice's excess is its failures beyond the
 * baseline's, scaled to the window's length. The slices holding most of the window's excess are
 * picked greedily, each against what the slices picked before it left unexplained, so two names for
 * the same failures (a trunk and the only source that carries it) are not listed twice. Pure.
 */

export interface ExplainOptions {
  /** A slice needs this many counted finals in the window, so a tiny trunk's noise never ranks. */
  minFinals: number;
  /** ... and this many extra failures. */
  minExcess: number;
  /** ... and at least this share of the window's extra failures. */
  minShare: number;
  /** ... and an excess this many Poisson deviations above what the baseline expects. */
  deviations: number;
  /**
   * ... and a share of the extra failures this many times its share of the baseline's: a trunk
   * carrying a third of the failures before and a third of the rise does not stand out.
   */
  concentration: number;
  maxSlices: number;
  /** A one-level slice gives way to a two-level one inside it holding this share of its excess. */
  preferSpecific: number;
  /** A rate this many times the baseline's with no extra failures is worth a word ("volume"). */
  volumeLift: number;
}

export const EXPLAIN_DEFAULTS: ExplainOptions = {
  minFinals: 20,
  minExcess: 5,
  minShare: 0.1,
  deviations: 3,
  concentration: 1.5,
  maxSlices: 3,
  preferSpecific: 0.8,
  volumeLift: 1.5,
};

/** Slices ranked after the first pass; the greedy picks choose among these. */
const CANDIDATES = 64;

export interface ExplainInput {
  window: TimeWindow;
  tables: readonly CellTable[];
  baseline: {
    kind: ExplainBaseline;
    window: TimeWindow;
    tables: readonly CellTable[];
    /** The share of its window the server ran, 0..1 (1 when not given): its counts are scaled by it. */
    covered?: number;
  };
  /** The window's one-second tables, oldest first, when it is live: onsets are found in them. */
  perSecond?: readonly { at: number; table: CellTable | undefined }[];
  profiles: ProfileTable;
  filter: EventFilter;
  resolved: ResolvedFilter;
  dims: Dimensions;
  options?: Partial<ExplainOptions>;
}

// Dimensions of a row: 0 code - 100, 1 trunk, 2 source, 3 method.
const DIMS = 4;
/** The ten slice kinds: one dimension, then each pair. */
const KINDS: readonly (readonly number[])[] = [
  [0],
  [1],
  [2],
  [3],
  [0, 1],
  [0, 2],
  [0, 3],
  [1, 2],
  [1, 3],
  [2, 3],
];

/** Counts per distinct (code, trunk, source, method) of the window and of the baseline. */
class Rows {
  readonly index = new Map<number, number>();
  readonly values: number[] = [];
  /** Per row: window failures, window finals, baseline failures, baseline finals. */
  readonly counts: number[] = [];

  constructor(
    private readonly profiles: ProfileTable,
    private readonly filter: ResolvedFilter,
  ) {}

  get size(): number {
    return this.index.size;
  }

  add(tables: readonly CellTable[], offset: 0 | 2): void {
    const addCell = (key: number, count: number) => this.addCell(key, count, offset);
    if (tables.length < 4) {
      for (const t of tables) t.forEach(addCell);
      return;
    }
    // The same cells recur in every second of a window: each distinct one is looked up once.
    // Sized for the distinct cells (at most all of them), so it seldom grows.
    let cells = 0;
    for (const t of tables) cells += t.size;
    const sum = new CellSum(Math.min(cells, 1 << 20));
    for (const t of tables) t.forEach(sum.add);
    sum.forEach(addCell);
  }

  private addCell(key: number, count: number, offset: number): void {
    const low = lowOf(key);
    const p = this.profiles.at(profileIndexOfLow(low));
    if (!p.counted || !matches(this.filter, key, p.classIndex)) return;
    const rowKey = key - (low & 3);
    let row = this.index.get(rowKey);
    if (row === undefined) {
      row = this.index.size;
      this.index.set(rowKey, row);
      const high = highOf(key);
      this.values.push(codeOfLow(low) - 100, trunkOfHigh(high), sourceOfHigh(high), methodOfLow(low));
      this.counts.push(0, 0, 0, 0);
    }
    const c = row * 4 + offset;
    if (p.failure) this.counts[c] = this.counts[c]! + count;
    this.counts[c + 1] = this.counts[c + 1]! + count;
  }
}

function constant(rows: Rows, d: number): boolean {
  let seen = -1;
  for (let r = 0; r < rows.size; r++) {
    if (rows.counts[r * 4 + 1] === 0) continue;
    const v = rows.values[r * DIMS + d]!;
    if (seen !== -1 && v !== seen) return false;
    seen = v;
  }
  return true;
}

export function matches(f: ResolvedFilter, key: number, classIndex: number): boolean {
  const low = lowOf(key);
  if (f.code !== undefined && codeOfLow(low) !== f.code) return false;
  if (f.classIndex !== undefined && classIndex !== f.classIndex) return false;
  if (f.method !== undefined && methodOfLow(low) !== f.method) return false;
  if (f.trunk === undefined && f.source === undefined) return true;
  const high = highOf(key);
  if (f.trunk !== undefined && trunkOfHigh(high) !== f.trunk) return false;
  return f.source === undefined || sourceOfHigh(high) === f.source;
}

interface Slice {
  key: number;
  /** Its index in the first pass's accumulators. */
  index: number;
  /** Its own counted finals (a code slice's are its failures): the smaller, the narrower. */
  own: number;
  kind: number;
  /** The fixed values, by dimension; -1 where not fixed. */
  fixed: number[];
  failures: number;
  finals: number;
  baseFailures: number;
  baseFinals: number;
  excess: number;
}

function fixedOf(kind: number, key: number): number[] {
  const fixed = [-1, -1, -1, -1];
  const dims = KINDS[kind]!;
  fixed[dims[0]!] = Math.floor(key / 65536) % 65536;
  if (dims.length > 1) fixed[dims[1]!] = key % 65536;
  return fixed;
}

/** Kinds with more slots than this are summed in a Map instead of an array. */
const DENSE_SLOTS = 1 << 18;

/**
 * Sums per slice, four counters each (as Rows): one array segment per kind, indexed by the values
 * the window and baseline hold (a Map for a kind that would need a huge segment).
 */
class SliceSums {
  /** Per dimension: value → dense index (-1: not seen), and back. */
  private readonly dense: Int32Array[];
  private readonly seen: number[][];
  private readonly offset: number[] = [];
  private readonly width: number[] = [];
  private readonly sparse: (Map<number, number> | undefined)[] = [];
  private next: number;
  readonly acc: Float64Array;

  constructor(
    rows: Rows,
    readonly enabled: readonly boolean[],
  ) {
    this.dense = Array.from({ length: DIMS }, () => new Int32Array(65536).fill(-1));
    this.seen = Array.from({ length: DIMS }, () => []);
    for (let r = 0; r < rows.size; r++) {
      for (let d = 0; d < DIMS; d++) {
        const v = rows.values[r * DIMS + d]!;
        if (this.dense[d]![v] === -1) {
          this.dense[d]![v] = this.seen[d]!.length;
          this.seen[d]!.push(v);
        }
      }
    }
    let slots = 0;
    let sparseKinds = 0;
    KINDS.forEach((dims, k) => {
      const width = dims.length > 1 ? this.seen[dims[1]!]!.length : 1;
      const size = this.seen[dims[0]!]!.length * width;
      this.width.push(width);
      this.offset.push(slots);
      const sparse = enabled[k] && size > DENSE_SLOTS;
      this.sparse.push(sparse ? new Map() : undefined);
      if (sparse) sparseKinds++;
      else if (enabled[k]) slots += size;
    });
    this.next = slots;
    this.acc = new Float64Array((slots + rows.size * sparseKinds) * 4);
  }

  /** The slot of a slice by its values (v2 unused for one dimension); -1 when never seen. */
  slotOf(kind: number, v1: number, v2: number, allocate = false): number {
    const dims = KINDS[kind]!;
    const a = this.dense[dims[0]!]![v1]!;
    const b = dims.length > 1 ? this.dense[dims[1]!]![v2]! : 0;
    if (a === -1 || b === -1 || !this.enabled[kind]) return -1;
    const sparse = this.sparse[kind];
    if (!sparse) return this.offset[kind]! + a * this.width[kind]! + b;
    const key = (kind * 65536 + v1) * 65536 + v2;
    let slot = sparse.get(key);
    if (slot === undefined) {
      if (!allocate) return -1;
      slot = this.next++;
      sparse.set(key, slot);
    }
    return slot;
  }

  get slots(): number {
    return this.next;
  }

  /** Every slot of a kind with its key ((kind * 2^16 + v1) * 2^16 + v2). */
  forEachSlot(kind: number, fn: (slot: number, key: number) => void): void {
    if (!this.enabled[kind]) return;
    const sparse = this.sparse[kind];
    if (sparse) {
      for (const [key, slot] of sparse) fn(slot, key);
      return;
    }
    const dims = KINDS[kind]!;
    const first = this.seen[dims[0]!]!;
    const second = dims.length > 1 ? this.seen[dims[1]!]! : [0];
    let slot = this.offset[kind]!;
    for (const v1 of first) for (const v2 of second) fn(slot++, (kind * 65536 + v1) * 65536 + v2);
  }
}

/** The slice a code slice's rate is taken over (undefined: everything); other slices are their own. */
function populationOf(kind: number, fixed: readonly number[], sums: SliceSums): number | undefined {
  const dims = KINDS[kind]!;
  if (fixed[0] === -1) return sums.slotOf(kind, fixed[dims[0]!]!, dims.length > 1 ? fixed[dims[1]!]! : 0);
  if (kind === 0) return undefined;
  const rest = dims[1]!;
  return sums.slotOf(rest, fixed[rest]!, 0);
}

/** Both fix some dimension to the same value. */
function related(a: Slice, b: Slice): boolean {
  return a.fixed.some((v, d) => v !== -1 && b.fixed[d] === v);
}

function inPopulation(s: Slice, values: ArrayLike<number>): boolean {
  for (let d = 1; d < DIMS; d++) if (s.fixed[d] !== -1 && values[d] !== s.fixed[d]) return false;
  return true;
}

function inSlice(s: Slice, values: ArrayLike<number>, base: number): boolean {
  for (let d = 0; d < DIMS; d++) if (s.fixed[d] !== -1 && values[base + d] !== s.fixed[d]) return false;
  return true;
}

const bySize = (a: Slice, b: Slice): number =>
  b.excess - a.excess || KINDS[b.kind]!.length - KINDS[a.kind]!.length || a.key - b.key;

export function explain(input: ExplainInput): Explanation {
  const o = { ...EXPLAIN_DEFAULTS, ...input.options };
  const covered = input.baseline.covered ?? 1;
  // Too little of the baseline was seen to say what is usual: it is left out (slices rank by
  // their failures alone) and the answer says there is no baseline yet.
  const known = baselineCovered(covered);
  const baseSeconds = seconds(input.baseline.window) * covered;
  const scale = known && baseSeconds > 0 ? seconds(input.window) / baseSeconds : 0;
  const rows = new Rows(input.profiles, input.resolved);
  rows.add(input.tables, 0);
  if (known) rows.add(input.baseline.tables, 2);
  const { values, counts } = rows;

  // A dimension with one value in the window (one source, one method) tells nothing: no slices by it.
  const kinds = KINDS.map((dims) => dims.every((d) => !constant(rows, d)));
  const overall = { failures: 0, finals: 0, baseFailures: 0, baseFinals: 0 };
  const sums = new SliceSums(rows, kinds);
  const { acc } = sums;
  // Each row's slice per kind (-1: a kind left out), so picking finds members without the map.
  const rowSlices = new Int32Array(rows.size * KINDS.length).fill(-1);
  for (let r = 0; r < rows.size; r++) {
    overall.failures += counts[r * 4]!;
    overall.finals += counts[r * 4 + 1]!;
    overall.baseFailures += counts[r * 4 + 2]!;
    overall.baseFinals += counts[r * 4 + 3]!;
    for (let k = 0; k < KINDS.length; k++) {
      if (!kinds[k]) continue;
      const dims = KINDS[k]!;
      const v2 = dims.length > 1 ? values[r * DIMS + dims[1]!]! : 0;
      const s = sums.slotOf(k, values[r * DIMS + dims[0]!]!, v2, true);
      rowSlices[r * KINDS.length + k] = s;
      for (let i = 0; i < 4; i++) acc[s * 4 + i] = acc[s * 4 + i]! + counts[r * 4 + i]!;
    }
  }
  const totalExcess = overall.failures - overall.baseFailures * scale;
  const significant = (excess: number, expected: number): boolean =>
    excess >= o.minExcess && excess >= o.deviations * Math.sqrt(expected + 1);

  const candidates: Slice[] = [];
  for (let kind = 0; kind < KINDS.length; kind++)
    sums.forEachSlot(kind, (s, key) => {
      const excess = acc[s * 4]! - acc[s * 4 + 2]! * scale;
      if (excess <= 0) return;
      // A code's rate is its share of the finals around it: 503s over all of carrier-b's finals.
      const fixed = fixedOf(kind, key);
      const pop = populationOf(kind, fixed, sums);
      const finals = pop === undefined ? overall.finals : acc[pop * 4 + 1]!;
      if (finals < o.minFinals) return;
      candidates.push({
        key,
        index: s,
        own: acc[s * 4 + 1]!,
        kind,
        fixed,
        failures: acc[s * 4]!,
        finals,
        baseFailures: acc[s * 4 + 2]!,
        baseFinals: pop === undefined ? overall.baseFinals : acc[pop * 4 + 3]!,
        excess,
      });
    });
  candidates.sort(bySize);
  candidates.length = Math.min(candidates.length, CANDIDATES);

  const picked =
    totalExcess > 0
      ? pick(
          candidates,
          rows,
          rowSlices,
          sums.slots,
          scale,
          totalExcess,
          overall.baseFailures * scale,
          o,
          significant,
        )
      : [];
  const verdict: ExplainVerdict =
    picked.length > 0
      ? 'slices'
      : totalExcess > 0 && significant(totalExcess, overall.baseFailures * scale)
        ? 'broad'
        : !known && overall.failures > 0
          ? 'no-baseline'
          : volumeRise(overall, scale, o.volumeLift)
            ? 'volume'
            : 'steady';

  const onsets = input.perSecond ? onsetsOf(picked, input) : picked.map(() => null);
  const slices = picked.map((s, i) => wireSlice(s, scale, totalExcess, onsets[i]!, input.dims, input.filter));
  const explanation: Explanation = {
    window: { from: input.window.from, to: input.window.to },
    baseline: { kind: input.baseline.kind, ...input.baseline.window, covered },
    filter: input.filter,
    verdict,
    overall: overallOf(overall, scale, totalExcess),
    slices,
    code: codeFacts(slices[0]?.slice.code ?? topCode(candidates), input.profiles),
    line: '',
  };
  explanation.line = explanationLine(explanation, utcClock);
  return explanation;
}

function pick(
  candidates: Slice[],
  rows: Rows,
  rowSlices: Int32Array,
  sliceCount: number,
  scale: number,
  totalExcess: number,
  expectedTotal: number,
  o: ExplainOptions,
  significant: (excess: number, expected: number) => boolean,
): Slice[] {
  // Which candidate a slot is, so residuals are re-summed from each row's slots.
  const candidateOf = new Int32Array(sliceCount).fill(-1);
  candidates.forEach((c, i) => (candidateOf[c.index] = i));
  const explained = new Uint8Array(rows.size);
  const residual = candidates.map((c) => c.excess);
  const out: Slice[] = [];
  const taken = new Set<number>();
  while (out.length < o.maxSlices) {
    let best = -1;
    for (let c = 0; c < candidates.length; c++) {
      if (taken.has(c) || residual[c]! < o.minShare * totalExcess) continue;
      const expected = candidates[c]!.baseFailures * scale;
      if (!significant(residual[c]!, expected)) continue;
      if (residual[c]! / totalExcess < o.concentration * (expectedTotal > 0 ? expected / expectedTotal : 0))
        continue;
      if (
        best === -1 ||
        residual[c]! > residual[best]! ||
        (residual[c] === residual[best] && bySize(candidates[c]!, candidates[best]!) < 0)
      )
        best = c;
    }
    if (best === -1) break;
    // The narrowest slice naming the same failures: 503 on trunk-17 rather than 503 on INVITE.
    let narrow = best;
    for (let c = 0; c < candidates.length; c++) {
      if (taken.has(c) || c === best || residual[c]! < o.preferSpecific * residual[best]!) continue;
      const a = candidates[c]!;
      const b = candidates[narrow]!;
      if (!related(a, candidates[best]!) || KINDS[a.kind]!.length < KINDS[candidates[best]!.kind]!.length)
        continue;
      if (a.own < b.own || (a.own === b.own && bySize(a, b) < 0)) narrow = c;
    }
    best = narrow;
    taken.add(best);
    out.push(candidates[best]!);
    // What is left of each candidate once the picked slice's rows are explained.
    residual.fill(0);
    for (let r = 0; r < rows.size; r++) {
      if (!explained[r] && inSlice(candidates[best]!, rows.values, r * DIMS)) explained[r] = 1;
      if (explained[r]) continue;
      const excess = rows.counts[r * 4]! - rows.counts[r * 4 + 2]! * scale;
      for (let k = 0; k < KINDS.length; k++) {
        const slot = rowSlices[r * KINDS.length + k]!;
        const c = slot >= 0 ? candidateOf[slot]! : -1;
        if (c >= 0) residual[c] = residual[c]! + excess;
      }
    }
  }
  return out;
}

function volumeRise(
  t: { failures: number; finals: number; baseFailures: number; baseFinals: number },
  scale: number,
  volumeLift: number,
): boolean {
  const lift = liftOf(t.failures, t.finals, t.baseFailures, t.baseFinals);
  return lift !== null && lift >= volumeLift && t.finals < t.baseFinals * scale;
}

function liftOf(failures: number, finals: number, baseFailures: number, baseFinals: number): number | null {
  const rate = ratio(failures, finals);
  const base = ratio(baseFailures, baseFinals);
  return rate === null || base === null || base === 0 ? null : rate / base;
}

function overallOf(
  t: { failures: number; finals: number; baseFailures: number; baseFinals: number },
  scale: number,
  excess: number,
): ExplainOverall {
  return {
    failures: t.failures,
    finals: t.finals,
    expected: t.baseFailures * scale,
    expectedFinals: t.baseFinals * scale,
    excess,
    rate: ratio(t.failures, t.finals),
    baselineRate: ratio(t.baseFailures, t.baseFinals),
    lift: liftOf(t.failures, t.finals, t.baseFailures, t.baseFinals),
  };
}

function wireSlice(
  s: Slice,
  scale: number,
  totalExcess: number,
  onset: number | null,
  dims: Dimensions,
  filter: EventFilter,
): ExplainedSlice {
  // The slice is the filter narrowed further: what it names and what its link opens (503 on
  // carrier-b, not "503 across all trunks", when the explanation was asked for carrier-b).
  const slice: SliceKey = {};
  if (s.fixed[0] !== -1) slice.code = s.fixed[0]! + 100;
  else if (filter.code !== undefined) slice.code = filter.code;
  if (s.fixed[1] !== -1) slice.trunk = dims.trunks.nameOf(s.fixed[1]!);
  else if (filter.trunk !== undefined) slice.trunk = filter.trunk;
  if (s.fixed[2] !== -1) slice.source = dims.sources.nameOf(s.fixed[2]!);
  else if (filter.source !== undefined) slice.source = filter.source;
  if (s.fixed[3] !== -1) slice.method = dims.methods.nameOf(s.fixed[3]!);
  else if (filter.method !== undefined) slice.method = filter.method;
  return {
    slice,
    failures: s.failures,
    finals: s.finals,
    expected: s.baseFailures * scale,
    excess: s.excess,
    // Above 1 when other slices fell: all of the rise.
    share: Math.min(1, s.excess / totalExcess),
    rate: ratio(s.failures, s.finals),
    baselineRate: ratio(s.baseFailures, s.baseFinals),
    lift: liftOf(s.failures, s.finals, s.baseFailures, s.baseFinals),
    onset,
  };
}

/** The code slice with the most excess, when no picked slice names a code. */
function topCode(candidates: readonly Slice[]): number | undefined {
  const c = candidates.find((s) => s.kind === 0);
  return c ? c.fixed[0]! + 100 : undefined;
}

function codeFacts(code: number | undefined, profiles: ProfileTable): ExplainedCode | null {
  if (code === undefined) return null;
  const c = classify(code);
  if (!c.ok) return null;
  return {
    code,
    phrase: c.known ? c.entry.phrase : `Unknown ${c.class}`,
    category: profiles.of(code, 0).category,
    meaning: c.entry.meaning,
    checks: [...c.entry.checks],
  };
}

/**
 * The first second of each slice's change: where its cumulative failures fall furthest below
 * their even share of the window's (by finals), the least-squares split into a before and an
 * after. Against the window's own average, not the baseline's rate, so the few failures every
 * slice has before a storm do not pull the onset back to the first of them.
 */
function onsetsOf(picked: readonly Slice[], input: ExplainInput): (number | null)[] {
  const seconds = input.perSecond!;
  const f = picked.map(() => new Float64Array(seconds.length));
  const n = picked.map(() => new Float64Array(seconds.length));
  const cell = [0, 0, 0, 0];
  seconds.forEach(({ table }, i) => {
    table?.forEach((key, count) => {
      const low = lowOf(key);
      const p = input.profiles.at(profileIndexOfLow(low));
      if (!p.counted || !matches(input.resolved, key, p.classIndex)) return;
      const high = highOf(key);
      cell[0] = codeOfLow(low) - 100;
      cell[1] = trunkOfHigh(high);
      cell[2] = sourceOfHigh(high);
      cell[3] = methodOfLow(low);
      picked.forEach((s, j) => {
        if (!inPopulation(s, cell)) return;
        n[j]![i] = n[j]![i]! + count;
        if (p.failure && (s.fixed[0] === -1 || s.fixed[0] === cell[0])) f[j]![i] = f[j]![i]! + count;
      });
    });
  });
  return picked.map((_s, j) => {
    let failures = 0;
    let finals = 0;
    for (let i = 0; i < seconds.length; i++) {
      failures += f[j]![i]!;
      finals += n[j]![i]!;
    }
    if (finals === 0 || failures === 0) return null;
    const rate = failures / finals;
    let gap = 0;
    let min = 0;
    let at = -1;
    for (let i = 0; i < seconds.length; i++) {
      gap += f[j]![i]! - n[j]![i]! * rate;
      if (gap <= min) {
        min = gap;
        at = i;
      }
    }
    return at + 1 < seconds.length ? seconds[at + 1]!.at : null;
  });
}
