import { describe, expect, it } from 'vitest';
import { REDACTED, parseRuleSpec } from '@sipwatch/wire';
import type { AlertRule } from '@sipwatch/wire';
import {
  draftFromRule,
  draftToInput,
  emptyDraft,
  emptyTarget,
  reasonsFor,
  validateDraft,
} from './rule-draft';

const fields = (d: ReturnType<typeof emptyDraft>) => validateDraft(d).errors.map((e) => e.field);

describe('the rule form model', () => {
  it('names each field the server would refuse, with the server’s reason', () => {
    const d = { ...emptyDraft(), name: '  ', threshold: '20', window: 'soon', minVolume: '2.5' };
    const { errors } = validateDraft(d);
    expect(reasonsFor(errors, 'name')).toEqual(['is required']);
    expect(reasonsFor(errors, 'window')).toEqual(['must be a duration like "30s", "5m" or "1h"']);
    expect(reasonsFor(errors, 'minVolume')).toEqual(['must be a whole number']);
    // Cross-field checks run once every field is valid on its own, as on the server.
    const ratio = validateDraft({ ...emptyDraft(), name: 'r', threshold: '20' }).errors;
    expect(reasonsFor(ratio, 'threshold')).toEqual([
      'must be a fraction from 0 to 1 for failure_rate (0.2 means 20%)',
    ]);
  });

  it('passes text that is not a number through, so the reason says what is wrong', () => {
    const { input, errors } = validateDraft({ ...emptyDraft(), name: 'x', threshold: 'lots' });
    expect(input.threshold).toBe('lots');
    expect(reasonsFor(errors, 'threshold')).toEqual(['must be a number']);
    expect(reasonsFor(validateDraft({ ...emptyDraft(), name: 'x' }).errors, 'threshold')).toEqual([
      'must be a number',
    ]);
  });

  it('sends only the fields the metric uses', () => {
    const d = { ...emptyDraft(), name: 'c', metric: 'code_rate' as const, code: '503', threshold: '5' };
    const { input, errors } = validateDraft(d);
    expect(errors).toEqual([]);
    expect(input).toMatchObject({ metric: 'code_rate', code: 503, threshold: 5 });
    expect(input).not.toHaveProperty('class');
    const share = draftToInput({ ...d, metric: 'class_share', threshold: '0.1' }).input;
    expect(share).toMatchObject({ class: '5xx' });
    expect(share).not.toHaveProperty('code');
    const unparsed = draftToInput({ ...d, metric: 'unparsed_rate', scopeTrunk: 'a', threshold: '0.1' }).input;
    expect(unparsed.scope).toEqual({});
    // Call timing narrows by trunk only: the other scope fields are not sent, so the rule is valid.
    const timing = validateDraft({
      ...d,
      metric: 'pdd_p95',
      threshold: '4000',
      scopeTrunk: ' carrier-a ',
      scopeMethod: 'INVITE',
      scopeCode: '503',
    });
    expect(timing.errors).toEqual([]);
    expect(timing.input.scope).toEqual({ trunk: 'carrier-a' });
    expect(timing.input).not.toHaveProperty('code');
  });

  it('reads labels one name=value per line and says which line is wrong', () => {
    const ok = draftToInput({ ...emptyDraft(), labels: 'team=voice\n\ncarrier = a ' });
    expect(ok.input.labels).toEqual({ team: 'voice', carrier: 'a' });
    const bad = validateDraft({ ...emptyDraft(), name: 'x', threshold: '0.1', labels: 'team=voice\noops' });
    expect(reasonsFor(bad.errors, 'labels')).toEqual(['line 2: write name=value']);
  });

  it('collects a label name’s own error under labels', () => {
    const { errors } = validateDraft({ ...emptyDraft(), name: 'x', threshold: '0.1', labels: 'bad key=1' });
    expect(errors.map((e) => e.field)).toEqual(['labels.bad key']);
    expect(reasonsFor(errors, 'labels')).toHaveLength(1);
  });

  it('checks targets by position, like the server', () => {
    const d = {
      ...emptyDraft(),
      name: 'x',
      threshold: '0.1',
      notify: [{ ...emptyTarget(), url: 'ftp://x', secret: 'short' }],
    };
    expect(fields(d).sort()).toEqual(['notify[0].secret', 'notify[0].url']);
  });

  it('turns a stored rule back into a form that saves the same rule', () => {
    const parsed = parseRuleSpec({
      name: '503 storm',
      metric: 'code_rate',
      code: 503,
      scope: { trunk: 'carrier-a', code: 503 },
      threshold: 20,
      recoverAt: 10,
      window: '5m',
      pendingFor: '1m',
      keepFiringFor: '5m',
      severity: 'critical',
      labels: { team: 'voice' },
      notify: [{ type: 'slack', url: 'https://hooks.slack.com/********' }],
    });
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
    const rule: AlertRule = { ...parsed.value, id: '503-storm', createdAt: 1, updatedAt: 2 };
    const { input, errors } = validateDraft(draftFromRule(rule));
    expect(errors).toEqual([]);
    const again = parseRuleSpec(input);
    expect(again.ok && again.value).toEqual({ ...parsed.value, id: '503-storm' });
  });

  it('sends a hidden URL or secret back as REDACTED only while left empty, never as form text', () => {
    const parsed = parseRuleSpec({
      name: 'hooked',
      metric: 'failure_rate',
      threshold: 0.2,
      notify: [{ type: 'webhook', url: `https://hooks.example.com/${REDACTED}`, secret: REDACTED }],
    });
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
    const draft = draftFromRule({ ...parsed.value, id: 'hooked', createdAt: 1, updatedAt: 2 });
    expect(draft.notify[0]).toMatchObject({ url: '', secret: '' });
    expect(validateDraft(draft).input.notify).toEqual([
      { type: 'webhook', url: `https://hooks.example.com/${REDACTED}`, secret: REDACTED, sendResolved: true },
    ]);
    const typed = {
      ...draft,
      notify: [{ ...draft.notify[0]!, url: 'https://new.example.com/x', secret: 'n'.repeat(16) }],
    };
    expect(validateDraft(typed).input.notify).toEqual([
      { type: 'webhook', url: 'https://new.example.com/x', secret: 'n'.repeat(16), sendResolved: true },
    ]);
    // A stored URL belongs to its type: switching type asks for the URL instead of failing on save.
    const switched = { ...draft, notify: [{ ...draft.notify[0]!, type: 'slack' as const }] };
    expect(reasonsFor(validateDraft(switched).errors, 'notify[0].url')).toEqual([
      'give the URL: the stored one belongs to a webhook target',
    ]);
  });
});
