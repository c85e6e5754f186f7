import { isTimingMetric, parseDuration } from '../wire/alerts.js';
const FINAL_CLASSES = ['2xx', '3xx', '4xx', '5xx', '6xx'];
export function scopeFilter(scope) {
    const filter = {};
    if (scope.trunk !== undefined)
        filter.trunk = scope.trunk;
    if (scope.source !== undefined)
        filter.source = scope.source;
    if (scope.method !== undefined)
        filter.method = scope.method;
    if (scope.code !== undefined)
        filter.code = scope.code;
    return filter;
}
export function windowMs(rule) {
    return parseDuration(rule.window) ?? 60_000;
}
const ratio = (part, whole) => (whole > 0 ? part / whole : null);
/** The value and its volume from a summary of the rule's window (all but unparsed_rate). */
export function observeSummary(rule, summary, span, at) {
    const { kpis } = summary;
    const minutes = span / 60_000;
    switch (rule.metric) {
        case 'failure_rate':
            return { value: kpis.failureRate, volume: kpis.countedFinals ?? kpis.finals, at };
        case 'class_share': {
            const finals = FINAL_CLASSES.reduce((sum, c) => sum + summary.byClass[c], 0);
            return { value: ratio(summary.byClass[rule.class ?? '5xx'], finals), volume: finals, at };
        }
        case 'code_count':
            return { value: summary.byCode[String(rule.code)] ?? 0, volume: kpis.finals, at };
        case 'code_rate':
            return { value: (summary.byCode[String(rule.code)] ?? 0) / minutes, volume: kpis.finals, at };
        case 'asr_below':
            return { value: kpis.asr, volume: kpis.calls.attempts, at };
        case 'ner_below':
            return { value: kpis.ner, volume: kpis.calls.attempts, at };
        case 'volume_below':
            return { value: kpis.finals / minutes, volume: kpis.finals, at };
        case 'unparsed_rate':
        case 'pdd_p95':
        case 'pdd_p50':
        case 'setup_p95':
        case 'setup_p50':
            throw new Error(`${rule.metric} is not observed from a summary of responses`);
    }
}
/** A timing metric's value (ms) from the timing of the rule's window; the volume is calls timed. */
export function observeTiming(metric, timing, at) {
    const stats = metric === 'pdd_p95' || metric === 'pdd_p50' ? timing.pdd : timing.setup;
    const value = metric === 'pdd_p95' || metric === 'setup_p95' ? stats.p95 : stats.p50;
    return { value, volume: stats.count, at };
}
/** Observes a rule at `now` over its window, ending at `now`. */
export function observe(rule, sources, now) {
    const span = windowMs(rule);
    const window = { from: now - span, to: now };
    if (rule.metric === 'unparsed_rate') {
        if (!sources.unparsed)
            return { value: null, volume: 0, at: now };
        const { unparsed, total } = sources.unparsed.lines(window);
        return { value: ratio(unparsed, total), volume: total, at: now };
    }
    if (isTimingMetric(rule.metric)) {
        if (!sources.timings)
            return { value: null, volume: 0, at: now };
        const filter = rule.scope.trunk === undefined ? {} : { trunk: rule.scope.trunk };
        return observeTiming(rule.metric, sources.timings.total(window, filter), now);
    }
    return observeSummary(rule, sources.metrics.summary(window, scopeFilter(rule.scope)), span, now);
}
//# sourceMappingURL=metric.js.map