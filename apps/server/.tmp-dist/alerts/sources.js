import { MINUTE_MS } from '../core/aggregator.js';
import { kpisOf } from '../core/kpis.js';
import { classCounts, codeCounts, seconds } from '../core/summary.js';
function summaryOf(t, span, parts) {
    return {
        kpis: kpisOf(t, seconds(span), parts.aggregator.profiles.rules),
        byClass: classCounts(t),
        byCode: codeCounts(t.byCode),
    };
}
/** Live windows: 1-second buckets and minute rollups, as the aggregator holds them. */
export function liveMetrics(parts) {
    return {
        summary(window, filter) {
            const covered = parts.queries.cover(window.from, window.to);
            return summaryOf(parts.queries.tally(covered.tables, filter), covered, parts);
        },
    };
}
/**
 * Minute rollups over a past range, read from the store once (memory for the newest minutes),
 * then summed per window: for backtests, which ask for about 1,440 windows at a time.
 */
export function rollupMetrics(parts, range) {
    const first = Math.floor(range.from / MINUTE_MS);
    const end = Math.ceil(range.to / MINUTE_MS);
    const floor = parts.aggregator.minuteFloor;
    const minutes = new Map();
    if (parts.store && first < floor) {
        for (const m of parts.store.readMinutes(first, Math.min(floor, end)))
            minutes.set(m.at, m.table);
    }
    for (let m = Math.max(first, floor); m < end; m++) {
        const table = parts.aggregator.minuteAt(m);
        if (table)
            minutes.set(m, table);
    }
    return {
        summary(window, filter) {
            const tables = [];
            const from = Math.floor(window.from / MINUTE_MS);
            const to = Math.ceil(window.to / MINUTE_MS);
            for (let m = from; m < to; m++) {
                const table = minutes.get(m);
                if (table)
                    tables.push(table);
            }
            const span = { from: from * MINUTE_MS, to: to * MINUTE_MS };
            return summaryOf(parts.queries.tally(tables, filter), span, parts);
        },
    };
}
/** The intake's last minute: lines that yielded no event among all it received. */
export function ingestUnparsed(stats) {
    return {
        lines() {
            const c = stats.snapshot().lastMinute;
            return { unparsed: c.unparsed, total: c.accepted + c.unparsed + c.rejectedTotal };
        },
    };
}
export function aggregationSources(parts) {
    return {
        metrics: liveMetrics(parts),
        unparsed: parts.stats ? ingestUnparsed(parts.stats) : undefined,
        timings: parts.timings,
        history: (range) => rollupMetrics(parts, range),
    };
}
//# sourceMappingURL=sources.js.map