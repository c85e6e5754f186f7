/**
 * The KPI formulas (documented in docs/kpis.md). Pure: a Tally and the window length in, numbers
 * out. Ratios are null when their denominator is 0, never NaN.
 */
export function ratio(numerator, denominator) {
    return denominator > 0 ? numerator / denominator : null;
}
export function callCountsOf(t) {
    const answered = t.callCount('answered');
    const redirect = t.callCount('redirect');
    const user = t.callCount('user');
    const network = t.callCount('network');
    const request = t.callCount('request');
    const abandoned = t.callCount('abandoned');
    return {
        attempts: answered + redirect + user + network + request + abandoned,
        answered,
        user,
        network,
        request,
        redirect,
        abandoned,
        ineffective: t.ineffective,
    };
}
/**
 * The denominator of ASR, NER and ISA: call outcomes less redirections (RFC 6076 excludes 3xx), and
 * less abandoned calls unless the rules count them.
 */
export function callDenominator(calls, rules) {
    return calls.attempts - calls.redirect - (rules.excludeAbandoned ? calls.abandoned : 0);
}
export function kpisOf(t, seconds, rules) {
    const calls = callCountsOf(t);
    const denominator = callDenominator(calls, rules);
    return {
        responsesPerSec: seconds > 0 ? t.responses / seconds : 0,
        finalsPerSec: seconds > 0 ? t.finals / seconds : 0,
        responses: t.responses,
        finals: t.finals,
        countedFinals: t.counted,
        failures: t.failures,
        challenges: t.challenges,
        abandoned: t.abandoned,
        failureRate: ratio(t.failures, t.counted),
        networkFailureRate: ratio(t.network, t.counted),
        asr: ratio(calls.answered, denominator),
        ner: ratio(calls.answered + calls.user, denominator),
        isa: ratio(calls.ineffective, denominator),
        calls,
    };
}
//# sourceMappingURL=kpis.js.map