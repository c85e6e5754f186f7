import type { SipClass } from '@sipwatch/codes';
import { SIP_CLASSES } from '@sipwatch/codes';
import type { EventFilter } from '@sipwatch/wire';
import {
  codeOfLow,
  MAX_METHOD_ID,
  highOf,
  lowOf,
  methodOfLow,
  profileIndexOfLow,
  sourceOfHigh,
  trunkOfHigh,
} from './cell-key.js';
import { CellSum } from './cell-sum.js';
import type { CellTable } from './cell-table.js';
import type { DimensionTable } from './dimensions.js';
import type { CallKind } from './outcome.js';
import { CALL_KINDS } from './outcome.js';
import type { ProfileTable } from './outcome.js';

/** A filter with names turned into ids; -1 matches nothing (a name never seen). */
export interface ResolvedFilter {
  trunk?: number;
  source?: number;
  method?: number;
  code?: number;
  classIndex?: number;
}

export interface Dimensions {
  trunks: DimensionTable;
  sources: DimensionTable;
  methods: DimensionTable;
}

export function resolveFilter(filter: EventFilter, dims: Dimensions): ResolvedFilter {
  const out: ResolvedFilter = {};
  if (filter.trunk !== undefined && filter.trunk !== '') out.trunk = dims.trunks.find(filter.trunk) ?? -1;
  if (filter.source !== undefined && filter.source !== '')
    out.source = dims.sources.find(filter.source) ?? -1;
  if (filter.method !== undefined && filter.method !== '')
    out.method = dims.methods.find(filter.method) ?? -1;
  if (filter.code !== undefined) out.code = filter.code;
  if (filter.class !== undefined) out.classIndex = SIP_CLASSES.indexOf(filter.class);
  return out;
}

/** From this many tables on, cells are summed by key before they are tallied. */
const SUM_FIRST_FROM = 4;

/** Per-dimension row fields, laid out in one Float64Array per dimension. */
export const ROW_FIELDS = 4 + SIP_CLASSES.length;
const F_RESPONSES = 0;
const F_FINALS = 1;
const F_COUNTED = 2;
const F_FAILURES = 3;
const F_CLASS = 4;

export interface RowCounts {
  id: number;
  responses: number;
  finals: number;
  counted: number;
  failures: number;
  byClass: Record<SipClass, number>;
}

export interface TallyOptions {
  /** Count per trunk, source and method, and failures per code × trunk/source (summaries). */
  dimensions?: boolean;
  /** Count per trunk only (series grouped by trunk). */
  trunks?: boolean;
}

/**
 * Sums cells that match a filter. Everything a Summary, a SeriesPoint or a Tick reports is read
 * from one of these; the KPI formulas live in kpis.ts.
 */
export class Tally {
  responses = 0;
  finals = 0;
  /** Finals in the failure-rate denominator. */
  counted = 0;
  failures = 0;
  challenges = 0;
  abandoned = 0;
  /** Counted finals in the `network` category. */
  network = 0;
  /** Call outcomes by CALL_KINDS index (0, `none`, unused). */
  readonly calls = new Float64Array(CALL_KINDS.length);
  ineffective = 0;
  readonly byClass = new Float64Array(SIP_CLASSES.length);
  /** Responses per code (index code - 100). */
  readonly byCode = new Float64Array(600);
  /** Failures per code (index code - 100). */
  readonly failuresByCode = new Float64Array(600);
  /** Abandoned calls and challenges left out of the failure rate, per code (index code - 100). */
  readonly abandonedByCode = new Float64Array(600);
  readonly challengesByCode = new Float64Array(600);
  readonly byMethod: Float64Array | undefined;
  readonly trunkRows: Float64Array | undefined;
  readonly sourceRows: Float64Array | undefined;
  /** Failures by code × trunk id, key (code - 100) * 65536 + id. */
  readonly failureTrunks: Map<number, number> | undefined;
  readonly failureSources: Map<number, number> | undefined;

  constructor(
    private readonly profiles: ProfileTable,
    private readonly filter: ResolvedFilter,
    dims: Dimensions,
    options: TallyOptions = {},
  ) {
    if (options.dimensions) {
      this.byMethod = new Float64Array(MAX_METHOD_ID + 1);
      this.sourceRows = new Float64Array((dims.sources.size + 1) * ROW_FIELDS);
      this.failureTrunks = new Map();
      this.failureSources = new Map();
    }
    if (options.dimensions || options.trunks)
      this.trunkRows = new Float64Array((dims.trunks.size + 1) * ROW_FIELDS);
  }

  addTables(tables: readonly CellTable[]): this {
    if (tables.length < SUM_FIRST_FROM) {
      for (const t of tables) t.forEach(this.addCell);
      return this;
    }
    // The same cells recur in every table of a window: count each distinct one once.
    let largest = 0;
    for (const t of tables) largest = Math.max(largest, t.size);
    const sum = new CellSum(largest * 2);
    for (const t of tables) t.forEach(sum.add);
    sum.forEach(this.addCell);
    return this;
  }

  readonly addCell = (key: number, count: number): void => {
    const low = lowOf(key);
    const f = this.filter;
    const code = codeOfLow(low);
    if (f.code !== undefined && code !== f.code) return;
    const p = this.profiles.at(profileIndexOfLow(low));
    if (f.classIndex !== undefined && p.classIndex !== f.classIndex) return;
    const method = methodOfLow(low);
    if (f.method !== undefined && method !== f.method) return;
    let high = -1;
    if (f.trunk !== undefined || f.source !== undefined || this.trunkRows) {
      high = highOf(key);
      if (f.trunk !== undefined && trunkOfHigh(high) !== f.trunk) return;
      if (f.source !== undefined && sourceOfHigh(high) !== f.source) return;
    }

    this.responses += count;
    this.byClass[p.classIndex] = this.byClass[p.classIndex]! + count;
    const ci = code - 100;
    this.byCode[ci] = this.byCode[ci]! + count;
    if (p.final) this.finals += count;
    if (p.counted) this.counted += count;
    if (p.failure) {
      this.failures += count;
      this.failuresByCode[ci] = this.failuresByCode[ci]! + count;
    }
    if (p.challenge) this.challenges += count;
    if (p.abandoned) this.abandoned += count;
    if (!p.counted && p.final) {
      if (p.abandoned) this.abandonedByCode[ci] = this.abandonedByCode[ci]! + count;
      else if (p.challenge) this.challengesByCode[ci] = this.challengesByCode[ci]! + count;
    }
    if (p.network) this.network += count;
    if (p.callKind !== 'none') {
      const k = CALL_KIND_INDEX[p.callKind];
      this.calls[k] = this.calls[k]! + count;
      if (p.ineffective) this.ineffective += count;
    }

    if (this.trunkRows) {
      addRow(this.trunkRows, trunkOfHigh(high), count, p.final, p.counted, p.failure, p.classIndex);
    }
    if (this.sourceRows) {
      const source = sourceOfHigh(high);
      addRow(this.sourceRows, source, count, p.final, p.counted, p.failure, p.classIndex);
      this.byMethod![method] = this.byMethod![method]! + count;
      if (p.failure) {
        const tk = ci * 65536 + trunkOfHigh(high);
        this.failureTrunks!.set(tk, (this.failureTrunks!.get(tk) ?? 0) + count);
        const sk = ci * 65536 + source;
        this.failureSources!.set(sk, (this.failureSources!.get(sk) ?? 0) + count);
      }
    }
  };

  callCount(kind: CallKind): number {
    return this.calls[CALL_KIND_INDEX[kind]]!;
  }
}

const CALL_KIND_INDEX = Object.fromEntries(CALL_KINDS.map((k, i) => [k, i])) as Record<CallKind, number>;

function addRow(
  rows: Float64Array,
  id: number,
  count: number,
  final: boolean,
  counted: boolean,
  failure: boolean,
  classIndex: number,
): void {
  const base = id * ROW_FIELDS;
  if (base + ROW_FIELDS > rows.length) return; // An id interned after the tally started.
  rows[base + F_RESPONSES] = rows[base + F_RESPONSES]! + count;
  if (final) rows[base + F_FINALS] = rows[base + F_FINALS]! + count;
  if (counted) rows[base + F_COUNTED] = rows[base + F_COUNTED]! + count;
  if (failure) rows[base + F_FAILURES] = rows[base + F_FAILURES]! + count;
  rows[base + F_CLASS + classIndex] = rows[base + F_CLASS + classIndex]! + count;
}

/** The non-empty rows of a per-dimension array. */
export function rowsOf(rows: Float64Array | undefined): RowCounts[] {
  if (!rows) return [];
  const out: RowCounts[] = [];
  for (let base = 0, id = 0; base < rows.length; base += ROW_FIELDS, id++) {
    const responses = rows[base + F_RESPONSES]!;
    if (responses === 0) continue;
    const byClass = {} as Record<SipClass, number>;
    SIP_CLASSES.forEach((c, i) => (byClass[c] = rows[base + F_CLASS + i]!));
    out.push({
      id,
      responses,
      finals: rows[base + F_FINALS]!,
      counted: rows[base + F_COUNTED]!,
      failures: rows[base + F_FAILURES]!,
      byClass,
    });
  }
  return out;
}
