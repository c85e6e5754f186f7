import { REDACTED } from '@sipwatch/server/wire';
import type { FieldError } from '@sipwatch/server/wire';
import { FormField } from './FormField';
import type { TargetDraft } from './rule-draft';
import { emptyTarget, reasonsFor } from './rule-draft';

/** A hidden URL as the server shows it (its origin, then REDACTED), with an ellipsis for the hidden part. */
function shownUrl(url: string): string {
  const at = url.indexOf(REDACTED);
  return `${at >= 0 ? url.slice(0, at) : ''}…`;
}

/** The rule's notification targets: generic webhooks (optionally signed) and Slack-compatible hooks. */
export function TargetsFieldset({
  targets,
  errors,
  onChange,
}: {
  targets: TargetDraft[];
  errors: readonly FieldError[];
  onChange: (targets: TargetDraft[]) => void;
}) {
  const set = (i: number, patch: Partial<TargetDraft>) =>
    onChange(targets.map((t, j) => (j === i ? { ...t, ...patch } : t)));
  const listErrors = reasonsFor(errors, 'notify');
  return (
    <fieldset className="rule-targets">
      <legend>Notification targets</legend>
      <p className="muted">The dashboard (banner and history) is always told; these are extra.</p>
      {targets.map((t, i) => {
        const storedUrl = t.stored?.url ?? null;
        const storedSecret = t.type === 'webhook' && t.stored?.secret === true;
        return (
          <div className="rule-target" key={i} role="group" aria-label={`Target ${i + 1}`}>
            <FormField label="Type" field={`notify[${i}].type`} errors={errors}>
              {(p) => (
                <select
                  {...p}
                  value={t.type}
                  onChange={(e) => set(i, { type: e.target.value as TargetDraft['type'] })}
                >
                  <option value="webhook">Webhook (JSON)</option>
                  <option value="slack">Slack-compatible</option>
                </select>
              )}
            </FormField>
            {storedUrl !== null && (
              <p className="stored-credential" data-testid={`stored-url-${i}`}>
                URL <span className="chip">set</span> <span className="muted">{shownUrl(storedUrl)}</span>
              </p>
            )}
            <FormField
              label={storedUrl !== null ? 'Replace URL' : 'URL'}
              field={`notify[${i}].url`}
              errors={errors}
              className="wide"
              hint={storedUrl !== null ? 'Leave empty to keep the stored URL.' : undefined}
            >
              {(p) => (
                <input
                  {...p}
                  type="url"
                  value={t.url}
                  spellCheck={false}
                  onChange={(e) => set(i, { url: e.target.value })}
                />
              )}
            </FormField>
            {storedSecret && (
              <p className="stored-credential" data-testid={`stored-secret-${i}`}>
                Signing secret <span className="chip">set</span>{' '}
                <button
                  type="button"
                  className="small"
                  aria-label={`Remove the signing secret of target ${i + 1}`}
                  onClick={() => set(i, { secret: '', stored: { ...t.stored!, secret: false } })}
                >
                  Remove
                </button>
              </p>
            )}
            {t.type === 'webhook' && (
              <FormField
                label={storedSecret ? 'Replace signing secret' : 'Signing secret'}
                field={`notify[${i}].secret`}
                errors={errors}
                hint={
                  storedSecret
                    ? 'Leave empty to keep the stored secret; 16 characters or more to replace it.'
                    : 'Optional, 16 characters or more: requests then carry an HMAC-SHA256 signature.'
                }
              >
                {(p) => (
                  <input
                    {...p}
                    type="password"
                    autoComplete="off"
                    value={t.secret}
                    onChange={(e) => set(i, { secret: e.target.value })}
                  />
                )}
              </FormField>
            )}
            <label className="checkbox">
              <input
                type="checkbox"
                checked={t.sendResolved}
                onChange={(e) => set(i, { sendResolved: e.target.checked })}
              />{' '}
              Also when resolved
            </label>
            <button type="button" onClick={() => onChange(targets.filter((_, j) => j !== i))}>
              Remove target {i + 1}
            </button>
          </div>
        );
      })}
      {listErrors.length > 0 && <p className="field-error">{listErrors.join('; ')}</p>}
      <button type="button" onClick={() => onChange([...targets, emptyTarget()])}>
        Add a target
      </button>
    </fieldset>
  );
}
