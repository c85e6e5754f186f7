import { useEffect, useMemo, useRef, useState } from 'react';
import type { FormEvent } from 'react';
import { ALERT_METRICS, ALERT_METRIC_SPECS, COMPARISONS, NO_DATA_MODES, SEVERITIES } from '@sipwatch/wire';
import type { AlertMetric, AlertView, FieldError } from '@sipwatch/wire';
import { SIP_CLASSES } from '@sipwatch/codes';
import { ApiError, describeApiError } from '../../api/alerts';
import { useAdminToken, useAlertsApi } from '../../api/alerts-react';
import { formatPercent } from '@sipwatch/wire/metrics';
import {
  COMPARISON_SIGNS,
  METRIC_LABELS,
  isLiveOnlyMetric,
  isRatioMetric,
  isTimingMetric,
  liveOnlyReason,
  previewSpanLabel,
} from './format';
import { FormField } from './FormField';
import type { PreviewState } from './preview-text';
import { RulePreview } from './RulePreview';
import type { RuleDraft } from './rule-draft';
import { fieldsFor, validateDraft } from './rule-draft';
import { SeenNameField } from './SeenNameField';
import { TargetsFieldset } from './TargetsFieldset';
import { useSeenNames } from './use-seen-names';

interface ServerAnswer {
  /** The form content (and token) the answer was about; it stops applying once either changes. */
  key: string;
  message: string;
  errors: readonly FieldError[];
}

function merge(a: readonly FieldError[], b: readonly FieldError[]): FieldError[] {
  const seen = new Set(a.map((e) => `${e.field}\0${e.reason}`));
  return [...a, ...b.filter((e) => !seen.has(`${e.field}\0${e.reason}`))];
}

/**
 * Create or edit a rule. Every field is checked as it is typed (after the first attempt to save or
 * preview) by the server's own rules; what the server still refuses comes back as
 * `{ field, reason }` and shows beside the field. The preview backtests the rule as it stands on the
 * stored rollups of the last 24 hours (call-timing rules: on the live window), before anything is
 * saved.
 */
export function RuleForm({
  initial,
  onSaved,
  onCancel,
}: {
  initial: RuleDraft;
  onSaved: (view: AlertView) => void;
  onCancel: () => void;
}) {
  const api = useAlertsApi();
  const [draft, setDraft] = useState(initial);
  const [attempted, setAttempted] = useState(false);
  const [saving, setSaving] = useState(false);
  const [answer, setAnswer] = useState<ServerAnswer | null>(null);
  const [preview, setPreview] = useState<PreviewState | null>(null);
  const seen = useSeenNames();
  const summaryRef = useRef<HTMLDivElement>(null);
  const formRef = useRef<HTMLFormElement>(null);

  // The form opens above the list: take the user there.
  useEffect(() => {
    formRef.current?.querySelector('input')?.focus();
  }, []);

  const checked = useMemo(() => validateDraft(draft), [draft]);
  const key = useMemo(() => JSON.stringify(checked.input), [checked.input]);
  const token = useAdminToken();
  const answerKey = `${key}\0${token ?? ''}`;
  const current = answer && answer.key === answerKey ? answer : null;
  const serverErrors = current ? current.errors : [];
  const errors = merge(attempted ? checked.errors : [], serverErrors);
  const uses = fieldsFor(draft.metric);
  const editing = draft.id !== undefined;

  const set = <K extends keyof RuleDraft>(k: K, v: RuleDraft[K]) => setDraft((d) => ({ ...d, [k]: v }));

  /** Checks the form; on problems, shows them and moves focus to their summary. */
  const ready = (): boolean => {
    setAttempted(true);
    if (checked.errors.length === 0) return true;
    requestAnimationFrame(() => summaryRef.current?.focus());
    return false;
  };

  const fail = (err: unknown) => {
    const fieldErrs = err instanceof ApiError ? err.errors : [];
    setAnswer({ key: answerKey, message: describeApiError(err), errors: fieldErrs });
    if (fieldErrs.length) requestAnimationFrame(() => summaryRef.current?.focus());
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (saving || !ready()) return;
    setSaving(true);
    setAnswer(null);
    try {
      const view = editing ? await api.replace(draft.id!, checked.input) : await api.create(checked.input);
      onSaved(view);
    } catch (err) {
      fail(err);
    } finally {
      setSaving(false);
    }
  };

  const runPreview = async () => {
    if (!ready()) return;
    const spec = checked.spec;
    setPreview({ key, busy: true, result: null, error: null, spec });
    try {
      const result = await api.preview(checked.input);
      setPreview({ key, busy: false, result, error: null, spec });
    } catch (err) {
      setPreview({ key, busy: false, result: null, error: describeApiError(err) });
      if (err instanceof ApiError && err.errors.length) fail(err);
    }
  };

  const ratio = isRatioMetric(draft.metric);
  const thresholdNumber = Number(draft.threshold);
  const thresholdHint = ratio
    ? `A fraction from 0 to 1${draft.threshold.trim() && Number.isFinite(thresholdNumber) ? `: ${formatPercent(thresholdNumber)}` : ' (0.2 means 20%)'}.`
    : ALERT_METRIC_SPECS[draft.metric].thresholdHint || undefined;
  const volumeHint = isTimingMetric(draft.metric)
    ? 'Fewer calls timed than this counts as no data.'
    : 'Less traffic than this counts as no data.';
  const title = editing ? `Edit rule ${initial.name}` : 'New rule';

  return (
    <form ref={formRef} className="panel rule-form" onSubmit={submit} aria-label={title} noValidate>
      <h2>{title}</h2>
      <div ref={summaryRef} tabIndex={-1} className="form-summary">
        {current && (
          <p role="alert" className="form-error">
            {current.message}
          </p>
        )}
        {errors.length > 0 && (
          <div role="alert" className="notice notice-bad">
            <p>Please correct:</p>
            <ul data-testid="form-errors">
              {errors.map((e) => (
                <li key={`${e.field}:${e.reason}`}>
                  {e.field}: {e.reason}
                </li>
              ))}
            </ul>
          </div>
        )}
      </div>

      <fieldset>
        <legend>What to watch</legend>
        <div className="form-grid">
          <FormField label="Name" field="name" errors={errors} className="wide">
            {(p) => <input {...p} value={draft.name} onChange={(e) => set('name', e.target.value)} />}
          </FormField>
          <FormField label="Description" field="description" errors={errors} className="wide">
            {(p) => (
              <input {...p} value={draft.description} onChange={(e) => set('description', e.target.value)} />
            )}
          </FormField>
          <FormField label="Metric" field="metric" errors={errors}>
            {(p) => (
              <select
                {...p}
                value={draft.metric}
                onChange={(e) => set('metric', e.target.value as AlertMetric)}
              >
                {ALERT_METRICS.map((m) => (
                  <option key={m} value={m}>
                    {METRIC_LABELS[m]}
                  </option>
                ))}
              </select>
            )}
          </FormField>
          {uses.cls && (
            <FormField label="Class" field="class" errors={errors}>
              {(p) => (
                <select {...p} value={draft.cls} onChange={(e) => set('cls', e.target.value)}>
                  {SIP_CLASSES.map((c) => (
                    <option key={c} value={c}>
                      {c}
                    </option>
                  ))}
                </select>
              )}
            </FormField>
          )}
          {uses.code && (
            <FormField label="Code" field="code" errors={errors} hint="e.g. 503">
              {(p) => (
                <input
                  {...p}
                  inputMode="numeric"
                  value={draft.code}
                  onChange={(e) => set('code', e.target.value)}
                />
              )}
            </FormField>
          )}
        </div>
        {isTimingMetric(draft.metric) && (
          <p className="muted" data-testid="timing-note">
            Measured from HEP capture only (INVITE to first 18x, or to the final response); see docs/hep.md.
            Call timing is kept per trunk, so the scope is a trunk or all traffic.
          </p>
        )}
        {uses.scope !== 'none' && (
          <div className="form-grid" role="group" aria-label="Scope (empty: all traffic)">
            <SeenNameField
              label="Trunk"
              field="scope.trunk"
              kind="trunk"
              errors={errors}
              hint="Empty: every trunk."
              value={draft.scopeTrunk}
              seen={seen?.trunk}
              onChange={(v) => set('scopeTrunk', v)}
            />
            {uses.scope === 'all' && (
              <>
                <SeenNameField
                  label="Source"
                  field="scope.source"
                  kind="source"
                  errors={errors}
                  value={draft.scopeSource}
                  seen={seen?.source}
                  onChange={(v) => set('scopeSource', v)}
                />
                <SeenNameField
                  label="Method"
                  field="scope.method"
                  kind="method"
                  errors={errors}
                  value={draft.scopeMethod}
                  seen={seen?.method}
                  onChange={(v) => set('scopeMethod', v)}
                />
                <FormField label="Only code" field="scope.code" errors={errors}>
                  {(p) => (
                    <input
                      {...p}
                      inputMode="numeric"
                      value={draft.scopeCode}
                      onChange={(e) => set('scopeCode', e.target.value)}
                    />
                  )}
                </FormField>
              </>
            )}
          </div>
        )}
        {reasonsOf(errors, 'scope')}
      </fieldset>

      <fieldset>
        <legend>When to alert</legend>
        <div className="form-grid">
          <FormField label="Comparison" field="comparison" errors={errors}>
            {(p) => (
              <select
                {...p}
                value={draft.comparison}
                onChange={(e) => set('comparison', e.target.value as RuleDraft['comparison'])}
              >
                <option value="">Default for the metric</option>
                {COMPARISONS.map((c) => (
                  <option key={c} value={c}>
                    {COMPARISON_SIGNS[c]} ({c})
                  </option>
                ))}
              </select>
            )}
          </FormField>
          <FormField label="Threshold" field="threshold" errors={errors} hint={thresholdHint}>
            {(p) => (
              <input
                {...p}
                inputMode="decimal"
                value={draft.threshold}
                onChange={(e) => set('threshold', e.target.value)}
              />
            )}
          </FormField>
          <FormField
            label="Recover at"
            field="recoverAt"
            errors={errors}
            hint="Optional: once firing, the value must cross back past this to resolve."
          >
            {(p) => (
              <input
                {...p}
                inputMode="decimal"
                value={draft.recoverAt}
                onChange={(e) => set('recoverAt', e.target.value)}
              />
            )}
          </FormField>
          <FormField label="Window" field="window" errors={errors} hint="10s to 1h, e.g. 1m or 5m.">
            {(p) => <input {...p} value={draft.window} onChange={(e) => set('window', e.target.value)} />}
          </FormField>
          <FormField label="Minimum volume" field="minVolume" errors={errors} hint={volumeHint}>
            {(p) => (
              <input
                {...p}
                inputMode="numeric"
                value={draft.minVolume}
                onChange={(e) => set('minVolume', e.target.value)}
              />
            )}
          </FormField>
          <FormField label="Pending for" field="pendingFor" errors={errors} hint="0s fires at once.">
            {(p) => (
              <input {...p} value={draft.pendingFor} onChange={(e) => set('pendingFor', e.target.value)} />
            )}
          </FormField>
          <FormField
            label="Keep firing for"
            field="keepFiringFor"
            errors={errors}
            hint="Stay firing until clear this long."
          >
            {(p) => (
              <input
                {...p}
                value={draft.keepFiringFor}
                onChange={(e) => set('keepFiringFor', e.target.value)}
              />
            )}
          </FormField>
          <FormField label="No data means" field="noData" errors={errors}>
            {(p) => (
              <select
                {...p}
                value={draft.noData}
                onChange={(e) => set('noData', e.target.value as RuleDraft['noData'])}
              >
                {NO_DATA_MODES.map((m) => (
                  <option key={m} value={m}>
                    {m === 'keep' ? 'keep the state' : m === 'ok' ? 'OK' : 'alerting'}
                  </option>
                ))}
              </select>
            )}
          </FormField>
        </div>
      </fieldset>

      <fieldset>
        <legend>How to tell</legend>
        <div className="form-grid">
          <FormField label="Severity" field="severity" errors={errors}>
            {(p) => (
              <select
                {...p}
                value={draft.severity}
                onChange={(e) => set('severity', e.target.value as RuleDraft['severity'])}
              >
                {SEVERITIES.map((s) => (
                  <option key={s} value={s}>
                    {s}
                  </option>
                ))}
              </select>
            )}
          </FormField>
          <FormField
            label="Labels"
            field="labels"
            errors={errors}
            hint="One name=value per line; carried into notifications."
            className="wide"
          >
            {(p) => (
              <textarea
                {...p}
                rows={2}
                value={draft.labels}
                onChange={(e) => set('labels', e.target.value)}
              />
            )}
          </FormField>
          <label className="checkbox">
            <input
              type="checkbox"
              checked={draft.enabled}
              onChange={(e) => set('enabled', e.target.checked)}
            />{' '}
            Enabled
          </label>
        </div>
        <TargetsFieldset targets={draft.notify} errors={errors} onChange={(t) => set('notify', t)} />
      </fieldset>

      <RulePreview
        state={preview}
        current={key}
        onPreview={runPreview}
        span={previewSpanLabel(draft.metric)}
        unavailable={isLiveOnlyMetric(draft.metric) ? liveOnlyReason() : null}
      />

      <div className="form-actions">
        <button type="submit" className="primary" disabled={saving}>
          {saving ? 'Saving…' : editing ? 'Save changes' : 'Create rule'}
        </button>
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}

/** Errors about a group (e.g. the whole scope) that no single control owns. */
function reasonsOf(errors: readonly FieldError[], field: string) {
  const reasons = errors.filter((e) => e.field === field).map((e) => e.reason);
  if (!reasons.length) return null;
  return (
    <p className="field-error" data-testid={`error-${field}`}>
      {field}: {reasons.join('; ')}
    </p>
  );
}
