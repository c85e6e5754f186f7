import { classify, SIP_CLASSES } from '@sipwatch/codes';
import { kpisOf, ratio } from './kpis.js';
import { rowsOf } from './tally.js';
export const SUMMARY_LIMITS = {
    /** Trunk and source rows, busiest first. */
    rows: 200,
    topFailures: 10,
    /** Trunks and sources listed under each top failure. */
    perFailure: 5,
};
export const HOUR_MS = 3_600_000;
export const DAY_MS = 86_400_000;
export function seconds(w) {
    return Math.max(0, (w.to - w.from) / 1000);
}
export function classCounts(t) {
    const out = {};
    SIP_CLASSES.forEach((c, i) => (out[c] = t.byClass[i]));
    return out;
}
/** Codes with a non-zero count, keyed "503". */
export function codeCounts(counts) {
    const out = {};
    for (let i = 0; i < counts.length; i++)
        if (counts[i] > 0)
            out[String(i + 100)] = counts[i];
    return out;
}
/** Each final class's and code's share of all finals (1xx left out), 0..1. */
export function shareOfFinals(t) {
    const byClass = {};
    const byCode = {};
    if (t.finals > 0) {
        SIP_CLASSES.forEach((c, i) => {
            if (i > 0 && t.byClass[i] > 0)
                byClass[c] = t.byClass[i] / t.finals;
        });
        for (let i = 100; i < t.byCode.length; i++)
            if (t.byCode[i] > 0)
                byCode[String(i + 100)] = t.byCode[i] / t.finals;
    }
    return { byClass, byCode };
}
export function phraseOf(code) {
    const c = classify(code);
    return c.ok ? (c.known ? c.entry.phrase : `Unknown ${c.class}`) : '';
}
function dimensionRows(rows, names, limit) {
    return rowsOf(rows)
        .sort((a, b) => b.responses - a.responses || a.id - b.id)
        .slice(0, limit)
        .map((r) => ({
        name: names.nameOf(r.id),
        responses: r.responses,
        finals: r.finals,
        failures: r.failures,
        failureRate: ratio(r.failures, r.counted),
        byClass: r.byClass,
    }));
}
function topBy(map, codeIndex, names, limit) {
    const out = [];
    if (!map)
        return out;
    const lo = codeIndex * 65536;
    for (const [key, count] of map) {
        if (key >= lo && key < lo + 65536)
            out.push({ name: names.nameOf(key - lo), count });
    }
    return out.sort((a, b) => b.count - a.count || a.name.localeCompare(b.name)).slice(0, limit);
}
export function topFailures(t, hourAgo, dayAgo, dims, limit = SUMMARY_LIMITS.topFailures) {
    const codes = [];
    for (let i = 0; i < t.failuresByCode.length; i++)
        if (t.failuresByCode[i] > 0)
            codes.push(i);
    return codes
        .sort((a, b) => t.failuresByCode[b] - t.failuresByCode[a] || a - b)
        .slice(0, limit)
        .map((ci) => {
        const count = t.failuresByCode[ci];
        return {
            code: ci + 100,
            reason: phraseOf(ci + 100),
            count,
            share: t.counted > 0 ? count / t.counted : 0,
            trunks: topBy(t.failureTrunks, ci, dims.trunks, SUMMARY_LIMITS.perFailure),
            sources: topBy(t.failureSources, ci, dims.sources, SUMMARY_LIMITS.perFailure),
            vsHourAgo: ratio(count, hourAgo.failuresByCode[ci]),
            vsDayAgo: ratio(count, dayAgo.failuresByCode[ci]),
        };
    });
}
export function baselineOf(t, w, rules) {
    return {
        from: w.from,
        to: w.to,
        kpis: kpisOf(t, seconds(w), rules),
        byClass: classCounts(t),
        byCode: codeCounts(t.byCode),
    };
}
export function buildSummary(p) {
    const t = p.current;
    const byMethod = {};
    if (t.byMethod) {
        t.byMethod.forEach((n, id) => {
            if (n > 0)
                byMethod[p.dims.methods.nameOf(id)] = n;
        });
    }
    return {
        window: { from: p.window.from, to: p.window.to },
        filter: p.filter,
        kpis: kpisOf(t, seconds(p.window), p.rules),
        byClass: classCounts(t),
        byCode: codeCounts(t.byCode),
        byMethod,
        shareOfFinals: shareOfFinals(t),
        trunks: dimensionRows(t.trunkRows, p.dims.trunks, SUMMARY_LIMITS.rows),
        sources: dimensionRows(t.sourceRows, p.dims.sources, SUMMARY_LIMITS.rows),
        topFailures: topFailures(t, p.hourAgo.tally, p.dayAgo.tally, p.dims),
        baseline: {
            hourAgo: baselineOf(p.hourAgo.tally, p.hourAgo.window, p.rules),
            dayAgo: baselineOf(p.dayAgo.tally, p.dayAgo.window, p.rules),
        },
    };
}
/** One chart point; per-trunk counts when the tally kept them. */
export function seriesPoint(t, at, trunks) {
    const point = {
        t: at,
        responses: t.responses,
        finals: t.finals,
        failures: t.failures,
        byClass: classCounts(t),
        byCode: codeCounts(t.byCode),
    };
    if (trunks && t.trunkRows) {
        const byTrunk = {};
        for (const r of rowsOf(t.trunkRows))
            byTrunk[trunks.nameOf(r.id)] = r.responses;
        point.byTrunk = byTrunk;
    }
    return point;
}
//# sourceMappingURL=summary.js.map