import { SIP_CLASSES } from '@sipwatch/codes';
import { codeOfLow, MAX_METHOD_ID, highOf, lowOf, methodOfLow, profileIndexOfLow, sourceOfHigh, trunkOfHigh, } from './cell-key.js';
import { CALL_KINDS } from './outcome.js';
export function resolveFilter(filter, dims) {
    const out = {};
    if (filter.trunk !== undefined && filter.trunk !== '')
        out.trunk = dims.trunks.find(filter.trunk) ?? -1;
    if (filter.source !== undefined && filter.source !== '')
        out.source = dims.sources.find(filter.source) ?? -1;
    if (filter.method !== undefined && filter.method !== '')
        out.method = dims.methods.find(filter.method) ?? -1;
    if (filter.code !== undefined)
        out.code = filter.code;
    if (filter.class !== undefined)
        out.classIndex = SIP_CLASSES.indexOf(filter.class);
    return out;
}
/** Per-dimension row fields, laid out in one Float64Array per dimension. */
export const ROW_FIELDS = 4 + SIP_CLASSES.length;
const F_RESPONSES = 0;
const F_FINALS = 1;
const F_COUNTED = 2;
const F_FAILURES = 3;
const F_CLASS = 4;
/**
 * Sums cells that match a filter. Everything a Summary, a SeriesPoint or a Tick reports is read
 * from one of these; the KPI formulas live in kpis.ts.
 */
export class Tally {
    profiles;
    filter;
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
    calls = new Float64Array(CALL_KINDS.length);
    ineffective = 0;
    byClass = new Float64Array(SIP_CLASSES.length);
    /** Responses per code (index code - 100). */
    byCode = new Float64Array(600);
    /** Failures per code (index code - 100). */
    failuresByCode = new Float64Array(600);
    byMethod;
    trunkRows;
    sourceRows;
    /** Failures by code × trunk id, key (code - 100) * 65536 + id. */
    failureTrunks;
    failureSources;
    constructor(profiles, filter, dims, options = {}) {
        this.profiles = profiles;
        this.filter = filter;
        if (options.dimensions) {
            this.byMethod = new Float64Array(MAX_METHOD_ID + 1);
            this.sourceRows = new Float64Array((dims.sources.size + 1) * ROW_FIELDS);
            this.failureTrunks = new Map();
            this.failureSources = new Map();
        }
        if (options.dimensions || options.trunks)
            this.trunkRows = new Float64Array((dims.trunks.size + 1) * ROW_FIELDS);
    }
    addTables(tables) {
        for (const t of tables)
            t.forEach(this.addCell);
        return this;
    }
    addCell = (key, count) => {
        const low = lowOf(key);
        const f = this.filter;
        const code = codeOfLow(low);
        if (f.code !== undefined && code !== f.code)
            return;
        const p = this.profiles.at(profileIndexOfLow(low));
        if (f.classIndex !== undefined && p.classIndex !== f.classIndex)
            return;
        const method = methodOfLow(low);
        if (f.method !== undefined && method !== f.method)
            return;
        let high = -1;
        if (f.trunk !== undefined || f.source !== undefined || this.trunkRows) {
            high = highOf(key);
            if (f.trunk !== undefined && trunkOfHigh(high) !== f.trunk)
                return;
            if (f.source !== undefined && sourceOfHigh(high) !== f.source)
                return;
        }
        this.responses += count;
        this.byClass[p.classIndex] = this.byClass[p.classIndex] + count;
        const ci = code - 100;
        this.byCode[ci] = this.byCode[ci] + count;
        if (p.final)
            this.finals += count;
        if (p.counted)
            this.counted += count;
        if (p.failure) {
            this.failures += count;
            this.failuresByCode[ci] = this.failuresByCode[ci] + count;
        }
        if (p.challenge)
            this.challenges += count;
        if (p.abandoned)
            this.abandoned += count;
        if (p.network)
            this.network += count;
        if (p.callKind !== 'none') {
            const k = CALL_KIND_INDEX[p.callKind];
            this.calls[k] = this.calls[k] + count;
            if (p.ineffective)
                this.ineffective += count;
        }
        if (this.trunkRows) {
            addRow(this.trunkRows, trunkOfHigh(high), count, p.final, p.counted, p.failure, p.classIndex);
        }
        if (this.sourceRows) {
            const source = sourceOfHigh(high);
            addRow(this.sourceRows, source, count, p.final, p.counted, p.failure, p.classIndex);
            this.byMethod[method] = this.byMethod[method] + count;
            if (p.failure) {
                const tk = ci * 65536 + trunkOfHigh(high);
                this.failureTrunks.set(tk, (this.failureTrunks.get(tk) ?? 0) + count);
                const sk = ci * 65536 + source;
                this.failureSources.set(sk, (this.failureSources.get(sk) ?? 0) + count);
            }
        }
    };
    callCount(kind) {
        return this.calls[CALL_KIND_INDEX[kind]];
    }
}
const CALL_KIND_INDEX = Object.fromEntries(CALL_KINDS.map((k, i) => [k, i]));
function addRow(rows, id, count, final, counted, failure, classIndex) {
    const base = id * ROW_FIELDS;
    if (base + ROW_FIELDS > rows.length)
        return; // An id interned after the tally started.
    rows[base + F_RESPONSES] = rows[base + F_RESPONSES] + count;
    if (final)
        rows[base + F_FINALS] = rows[base + F_FINALS] + count;
    if (counted)
        rows[base + F_COUNTED] = rows[base + F_COUNTED] + count;
    if (failure)
        rows[base + F_FAILURES] = rows[base + F_FAILURES] + count;
    rows[base + F_CLASS + classIndex] = rows[base + F_CLASS + classIndex] + count;
}
/** The non-empty rows of a per-dimension array. */
export function rowsOf(rows) {
    if (!rows)
        return [];
    const out = [];
    for (let base = 0, id = 0; base < rows.length; base += ROW_FIELDS, id++) {
        const responses = rows[base + F_RESPONSES];
        if (responses === 0)
            continue;
        const byClass = {};
        SIP_CLASSES.forEach((c, i) => (byClass[c] = rows[base + F_CLASS + i]));
        out.push({
            id,
            responses,
            finals: rows[base + F_FINALS],
            counted: rows[base + F_COUNTED],
            failures: rows[base + F_FAILURES],
            byClass,
        });
    }
    return out;
}
//# sourceMappingURL=tally.js.map