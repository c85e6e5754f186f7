import type { CallCounts, Kpis } from '@sipwatch/wire';
import { asr, failureRate, isa, ner, networkFailureRate } from '@sipwatch/wire';
import type { OutcomeRules } from './outcome.js';
import type { Tally } from './tally.js';

/**
 * A window's KPIs (documented in docs/kpis.md). Pure: a Tally and the window length in, numbers
 * out; the ratios are the formulas of @sipwatch/wire's kpi.ts, which the dashboard uses too.
 */

export function callCountsOf(t: Tally): CallCounts {
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

export function kpisOf(t: Tally, seconds: number, rules: OutcomeRules): Kpis {
  const calls = callCountsOf(t);
  return {
    responsesPerSec: seconds > 0 ? t.responses / seconds : 0,
    finalsPerSec: seconds > 0 ? t.finals / seconds : 0,
    responses: t.responses,
    finals: t.finals,
    countedFinals: t.counted,
    failures: t.failures,
    challenges: t.challenges,
    abandoned: t.abandoned,
    failureRate: failureRate({ failures: t.failures, countedFinals: t.counted }),
    networkFailureRate: networkFailureRate(t.network, t.counted),
    asr: asr(calls, rules.excludeAbandoned),
    ner: ner(calls, rules.excludeAbandoned),
    isa: isa(calls, rules.excludeAbandoned),
    calls,
  };
}
