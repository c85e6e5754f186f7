import { describe, expect, it } from 'vitest';
import { ALERT_METRICS, METRIC_UNIT, RATIO_METRICS, TIMING_METRICS, parseRuleSpec } from './alerts.js';

describe('alert rule validation', () => {
  it('names a bad label by its key and says what label names may hold', () => {
    const result = parseRuleSpec(
      {
        name: 'r',
        metric: 'failure_rate',
        threshold: 0.2,
        labels: { 'bad key': 'x', good: 'y'.repeat(300) },
      },
      'rules[2].',
    );
    expect(result).toEqual({
      ok: false,
      errors: [
        { field: 'rules[2].labels.bad key', reason: 'label names are letters, digits, "_", "." or "-"' },
        { field: 'rules[2].labels.good', reason: 'label values are at most 256 characters' },
      ],
    });
  });

  it('takes timing rules in ms on a trunk or on all traffic, and refuses other scopes', () => {
    expect(parseRuleSpec({ name: 'r', metric: 'setup_p95', threshold: 20_000 })).toMatchObject({
      ok: true,
      value: { comparison: 'gt', scope: {} },
    });
    expect(
      parseRuleSpec({ name: 'r', metric: 'pdd_p50', threshold: 3000, scope: { trunk: 'carrier-a' } }),
    ).toMatchObject({ ok: true });
    expect(
      parseRuleSpec({ name: 'r', metric: 'pdd_p95', threshold: 3000, scope: { source: 'sbc-1', code: 200 } }),
    ).toEqual({
      ok: false,
      errors: [
        {
          field: 'scope',
          reason: 'pdd_p95 narrows by trunk only (call timing is kept per trunk), not by source, code',
        },
      ],
    });
    expect(parseRuleSpec({ name: 'r', metric: 'pdd_p95', threshold: -1 })).toMatchObject({
      ok: false,
      errors: [{ field: 'threshold', reason: 'must not be negative' }],
    });
  });

  it('gives every metric a unit: ratios read as fractions, timing as ms', () => {
    expect(Object.keys(METRIC_UNIT).sort()).toEqual([...ALERT_METRICS].sort());
    for (const m of RATIO_METRICS) expect(METRIC_UNIT[m]).toBe('fraction');
    for (const m of TIMING_METRICS) expect(METRIC_UNIT[m]).toBe('ms');
  });
});

describe('notification channel targets', () => {
  const rule = (notify: unknown[]) =>
    parseRuleSpec({ name: 'r', metric: 'asr_below', threshold: 0.5, notify });

  it('fills in the services’ default endpoints and the SMTP defaults', () => {
    const parsed = rule([
      { type: 'pagerduty', routingKey: 'R0UT1NGKEY0123456789abcdef012345' },
      { type: 'opsgenie', apiKey: 'c6f1a1e2-genie-key' },
      { type: 'email', host: 'smtp.example.com', from: 'a@example.com', to: ['b@example.com'] },
    ]);
    expect(parsed.ok && parsed.value.notify).toEqual([
      expect.objectContaining({ url: 'https://events.pagerduty.com/v2/enqueue', sendResolved: true }),
      expect.objectContaining({ url: 'https://api.opsgenie.com' }),
      expect.objectContaining({ port: 587, tls: 'starttls' }),
    ]);
  });

  it('names what each channel is missing or has wrong', () => {
    const parsed = rule([
      { type: 'pagerduty' },
      { type: 'teams', url: 'ftp://x' },
      { type: 'email', host: 'smtp.example.com', username: 'u', from: 'not-an-address', to: [] },
      { type: 'pager' },
    ]);
    expect(parsed.ok ? [] : parsed.errors.map((e) => e.field)).toEqual([
      'notify[0].routingKey',
      'notify[1].url',
      'notify[2].from',
      'notify[2].to',
      'notify[2].password',
      'notify[3].type',
    ]);
    const pairing = rule([
      {
        type: 'email',
        host: 'smtp.example.com',
        username: 'u',
        from: 'a@example.com',
        to: ['b@example.com'],
      },
    ]);
    expect(pairing).toMatchObject({
      ok: false,
      errors: [{ field: 'notify[0].password', reason: 'give both a username and a password, or neither' }],
    });
  });
});
