import { classify } from '@sipwatch/codes';
import { MINUTE_MS, SECOND_MS } from '../core/aggregator.js';
import { kpisOf, ratio } from '../core/kpis.js';
import { buildSummary, classCounts, codeCounts, DAY_MS, HOUR_MS, seconds, seriesPoint, } from '../core/summary.js';
import { resolveFilter, rowsOf, Tally } from '../core/tally.js';
export const WINDOW_MS = {
    '1m': 60_000,
    '5m': 300_000,
    '15m': 900_000,
    '1h': 3_600_000,
};
/** A snapshot carries this many 1-second points. */
export const SNAPSHOT_SECONDS = 900;
export const MAX_SERIES_POINTS = 5000;
/**
 * Answers every read (REST, snapshots, ticks) from the aggregator's memory, and from the store for
 * minutes older than memory holds. The numbers themselves come from the pure core (tally, kpis,
 * summary); this layer only gathers the tables.
 */
export class QueryService {
    agg;
    store;
    clock;
    constructor(agg, store, clock) {
        this.agg = agg;
        this.store = store;
        this.clock = clock;
    }
    /** The end of the newest closed second. */
    liveEnd() {
        const now = this.clock.now();
        this.agg.advance(now);
        return Math.floor(now / SECOND_MS) * SECOND_MS;
    }
    liveRange(window) {
        const to = this.liveEnd();
        return { from: to - WINDOW_MS[window], to };
    }
    /** The cell tables counting [from, to) once each (the range aligned as the data allows). */
    cover(from, to) {
        const cov = this.agg.tablesFor(from, to);
        let tables = cov.tables;
        if (cov.storeMinutes) {
            const stored = this.store.readMinutes(cov.storeMinutes.from, cov.storeMinutes.to);
            tables = tables.concat(stored.map((m) => m.table));
        }
        return { from: cov.from, to: cov.to, tables };
    }
    tally(tables, filter, options) {
        return new Tally(this.agg.profiles, resolveFilter(filter, this.agg), this.agg, options).addTables(tables);
    }
    summary(from, to, filter) {
        const cur = this.cover(from, to);
        const hour = this.cover(cur.from - HOUR_MS, cur.to - HOUR_MS);
        const day = this.cover(cur.from - DAY_MS, cur.to - DAY_MS);
        return buildSummary({
            window: cur,
            filter,
            current: this.tally(cur.tables, filter, { dimensions: true }),
            hourAgo: { tally: this.tally(hour.tables, filter, { dimensions: true }), window: hour },
            dayAgo: { tally: this.tally(day.tables, filter, { dimensions: true }), window: day },
            dims: this.agg,
            rules: this.agg.profiles.rules,
        });
    }
    /**
     * Points of `stepMs` over [from, to), aligned to multiples of the step. Where the range reaches
     * before the live window, only minutes exist: the step is rounded up to whole minutes.
     */
    series(from, to, stepMs, group, filter) {
        let step = Math.max(SECOND_MS, Math.ceil(stepMs / SECOND_MS) * SECOND_MS);
        const liveEnd = this.liveEnd();
        const junction = Math.ceil(this.agg.liveStartSecond / 60) * MINUTE_MS;
        if (from < junction)
            step = Math.ceil(step / MINUTE_MS) * MINUTE_MS;
        const start = Math.floor(from / step) * step;
        const end = Math.min(to, liveEnd);
        const points = [];
        // Read the store once for the whole range, then hand each point its minutes.
        const whole = this.agg.tablesFor(start, end);
        const stored = new Map();
        if (whole.storeMinutes) {
            for (const m of this.store.readMinutes(whole.storeMinutes.from, whole.storeMinutes.to))
                stored.set(m.at, m.table);
        }
        const trunks = group === 'trunk';
        for (let t = start; t < end && points.length < MAX_SERIES_POINTS; t += step) {
            const cov = this.agg.tablesFor(t, t + step);
            let tables = cov.tables;
            if (cov.storeMinutes) {
                tables = tables.slice();
                for (let m = cov.storeMinutes.from; m < cov.storeMinutes.to; m++) {
                    const table = stored.get(m);
                    if (table)
                        tables.push(table);
                }
            }
            const tally = this.tally(tables, filter, { trunks });
            points.push(seriesPoint(tally, t, trunks ? this.agg.trunks : undefined));
        }
        return { from: start, to: start + points.length * step, stepMs: step, group, filter, points };
    }
    /** One code over a window: count, share of finals, and where it came from. */
    codeBreakdown(code, tables, filter) {
        const all = this.tally(tables, { ...filter, code: undefined });
        const one = this.tally(tables, { ...filter, code }, { dimensions: true });
        const named = (rows, nameOf) => rows.map((r) => ({ name: nameOf(r.id), count: r.responses })).sort(byCount);
        const byMethod = [];
        one.byMethod?.forEach((n, id) => {
            if (n > 0)
                byMethod.push({ name: this.agg.methods.nameOf(id), count: n });
        });
        const count = one.byCode[code - 100] ?? 0;
        return {
            code,
            count,
            shareOfFinals: code >= 200 ? ratio(count, all.finals) : null,
            failures: one.failures,
            byTrunk: named(rowsOf(one.trunkRows), (id) => this.agg.trunks.nameOf(id)),
            bySource: named(rowsOf(one.sourceRows), (id) => this.agg.sources.nameOf(id)),
            byMethod: byMethod.sort(byCount),
        };
    }
    trunks(from, to) {
        const cur = this.cover(from, to);
        const t = this.tally(cur.tables, {}, { trunks: true });
        return {
            window: { from: cur.from, to: cur.to },
            trunks: rowsOf(t.trunkRows)
                .sort((a, b) => b.responses - a.responses || a.id - b.id)
                .map((r) => ({
                name: this.agg.trunks.nameOf(r.id),
                responses: r.responses,
                finals: r.finals,
                failures: r.failures,
                failureRate: ratio(r.failures, r.counted),
                byClass: r.byClass,
            })),
            cap: this.agg.trunks.cap,
            folded: this.agg.trunks.folded,
        };
    }
    /** What a subscriber gets first: the window's summary and the last 15 minutes by second. */
    snapshot(sub) {
        const end = this.liveEnd();
        const summary = this.summary(end - WINDOW_MS[sub.window], end, sub.filter);
        const series = [];
        const first = end / SECOND_MS - SNAPSHOT_SECONDS;
        for (let s = first; s < end / SECOND_MS; s++)
            series.push(this.secondPoint(s, sub.filter));
        const snapshot = { serverTime: this.clock.now(), subscription: sub, summary, series };
        if (sub.code !== undefined) {
            const cur = this.cover(end - WINDOW_MS[sub.window], end);
            snapshot.drilldown = this.codeBreakdown(sub.code, cur.tables, sub.filter);
        }
        return snapshot;
    }
    /** One tick: the closed second as a point, and the window ending with it. */
    tick(sub, closedSecond) {
        const end = (closedSecond + 1) * SECOND_MS;
        const cur = this.cover(end - WINDOW_MS[sub.window], end);
        const t = this.tally(cur.tables, sub.filter);
        const tick = {
            serverTime: this.clock.now(),
            point: this.secondPoint(closedSecond, sub.filter),
            kpis: kpisOf(t, seconds(cur), this.agg.profiles.rules),
            byClass: classCounts(t),
            byCode: codeCounts(t.byCode),
        };
        if (sub.code !== undefined)
            tick.drilldown = this.codeBreakdown(sub.code, cur.tables, sub.filter);
        return tick;
    }
    secondPoint(second, filter) {
        const table = this.agg.secondAt(second);
        return seriesPoint(this.tally(table ? [table] : [], filter), second * SECOND_MS);
    }
    /** The registry's view of a code, with the server's category overrides applied. */
    describe(code) {
        const c = classify(code);
        if (!c.ok)
            return undefined;
        return { entry: c.entry, known: c.known, category: this.agg.profiles.of(code, 0).category };
    }
}
const byCount = (a, b) => b.count - a.count || a.name.localeCompare(b.name);
//# sourceMappingURL=queries.js.map