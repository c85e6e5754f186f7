import { SIP_CLASSES } from '@sipwatch/codes';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { CHANNELS } from './wire/event.js';
/** Raises a counter to a running total it mirrors (never lowers it). */
function mirror(counter) {
    const last = new Map();
    return (labels, total) => {
        const key = JSON.stringify(labels);
        const delta = total - (last.get(key) ?? 0);
        if (delta > 0) {
            counter.inc(labels, delta);
            last.set(key, total);
        }
    };
}
export function createMetrics(sources) {
    const registry = new Registry();
    // Registered first: prom-client renders metrics in order, and this one's collect() brings the
    // mirrored counters below up to date before they render.
    let sync = () => { };
    new Gauge({
        name: 'sipwatch_up',
        help: 'Always 1 while sipwatch serves metrics.',
        registers: [registry],
        collect() {
            this.set(1);
            sync();
        },
    });
    collectDefaultMetrics({ register: registry });
    const responses = new Counter({
        name: 'sipwatch_responses_total',
        help: 'SIP responses counted, by class and code (after dedupe).',
        labelNames: ['class', 'code'],
        registers: [registry],
    });
    const trunkResponses = new Counter({
        name: 'sipwatch_trunk_responses_total',
        help: 'SIP responses counted, by trunk (within the configured cap; the rest as "other") and class.',
        labelNames: ['trunk', 'class'],
        registers: [registry],
    });
    const accepted = new Counter({
        name: 'sipwatch_ingest_accepted_total',
        help: 'Events accepted by the intake, by channel.',
        labelNames: ['channel'],
        registers: [registry],
    });
    const rejected = new Counter({
        name: 'sipwatch_ingest_rejected_total',
        help: 'Items rejected by the intake or the aggregator, by channel and reason.',
        labelNames: ['channel', 'reason'],
        registers: [registry],
    });
    const unparsed = new Counter({
        name: 'sipwatch_ingest_unparsed_total',
        help: 'Lines or payloads that yielded no event, by channel.',
        labelNames: ['channel'],
        registers: [registry],
    });
    const duplicates = new Counter({
        name: 'sipwatch_duplicates_total',
        help: 'Responses dropped as retransmissions or re-deliveries (same Call-ID, CSeq, method, code).',
        registers: [registry],
    });
    const folded = new Counter({
        name: 'sipwatch_dimension_folded_total',
        help: 'Events whose trunk or source was counted as "other" because the cap was reached.',
        labelNames: ['dimension'],
        registers: [registry],
    });
    const rawDropped = new Counter({
        name: 'sipwatch_raw_events_not_kept_total',
        help: 'Raw events not written for drill-down because the per-flush budget was spent (still counted).',
        registers: [registry],
    });
    const flushDuration = new Histogram({
        name: 'sipwatch_flush_duration_seconds',
        help: 'Time to write one flush to the database.',
        buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
        registers: [registry],
    });
    const flushFailures = new Counter({
        name: 'sipwatch_flush_failures_total',
        help: 'Flushes that could not be written (retried at the next flush).',
        registers: [registry],
    });
    const cells = new Gauge({
        name: 'sipwatch_aggregator_cells',
        help: 'Counter cells held in memory by the aggregator.',
        registers: [registry],
    });
    const rooms = new Gauge({
        name: 'sipwatch_live_subscriptions',
        help: 'Distinct live subscriptions with at least one dashboard connected.',
        registers: [registry],
    });
    const syncResponses = mirror(responses);
    const syncTrunks = mirror(trunkResponses);
    const syncAccepted = mirror(accepted);
    const syncRejected = mirror(rejected);
    const syncUnparsed = mirror(unparsed);
    const syncDuplicates = mirror(duplicates);
    const syncFolded = mirror(folded);
    const syncRawDropped = mirror(rawDropped);
    sync = () => {
        const pipeline = sources.pipeline();
        if (pipeline) {
            const agg = pipeline.aggregator;
            agg.totalByCode.forEach((n, i) => {
                if (n > 0)
                    syncResponses({ class: SIP_CLASSES[Math.floor((i + 100) / 100) - 1], code: String(i + 100) }, n);
            });
            agg.forEachTrunkTotal((trunk, c, n) => syncTrunks({ trunk, class: SIP_CLASSES[c] }, n));
            syncDuplicates({}, pipeline.dedupe.duplicates);
            syncFolded({ dimension: 'trunk' }, agg.trunks.folded);
            syncFolded({ dimension: 'source' }, agg.sources.folded);
            syncRawDropped({}, pipeline.rawDropped);
            cells.set(agg.cellCount());
        }
        const snap = sources.stats.snapshot();
        for (const channel of CHANNELS) {
            const c = snap.channels[channel].sinceStart;
            syncAccepted({ channel }, c.accepted);
            syncUnparsed({ channel }, c.unparsed);
            for (const [reason, n] of Object.entries(c.rejected))
                syncRejected({ channel, reason }, n);
        }
        rooms.set(sources.liveRooms?.() ?? 0);
    };
    return {
        registry,
        observeFlush(seconds, ok) {
            flushDuration.observe(seconds);
            if (!ok)
                flushFailures.inc();
        },
    };
}
//# sourceMappingURL=metrics.js.map