import {
  NOTIFY_TARGET_TYPES,
  OPSGENIE_API_URLS,
  PAGERDUTY_EVENTS_URL,
  REDACTED,
  SMTP_TLS_MODES,
} from '@sipwatch/wire';
import type { FieldError, NotifyTargetType, SmtpTlsMode } from '@sipwatch/wire';
import { FormField } from './FormField';
import type { TargetDraft } from './rule-draft';
import { emptyTarget, reasonsFor, secretField } from './rule-draft';

const TYPE_NAMES: Record<NotifyTargetType, string> = {
  webhook: 'Webhook (JSON)',
  slack: 'Slack-compatible',
  pagerduty: 'PagerDuty (Events API v2)',
  opsgenie: 'Opsgenie',
  teams: 'Microsoft Teams',
  alertmanager: 'Alertmanager',
  email: 'E-mail (SMTP)',
};

/** What each type calls its credential, and what the field says about it. */
const SECRETS: Partial<Record<NotifyTargetType, { label: string; hint: string }>> = {
  webhook: {
    label: 'Signing secret',
    hint: 'Optional, 16 characters or more: requests then carry an HMAC-SHA256 signature.',
  },
  pagerduty: { label: 'Routing key', hint: 'The integration key of an Events API v2 integration.' },
  opsgenie: { label: 'API key', hint: 'The key of an API integration in Opsgenie.' },
  email: { label: 'Password', hint: 'With a username: SMTP AUTH. Sent only over TLS unless TLS is off.' },
};

const URL_HINTS: Partial<Record<NotifyTargetType, string>> = {
  pagerduty: `Optional; ${PAGERDUTY_EVENTS_URL} when empty.`,
  opsgenie: `Optional; ${OPSGENIE_API_URLS.us} when empty, ${OPSGENIE_API_URLS.eu} for the EU region.`,
  teams: 'The incoming webhook (or Workflows) URL; it is a credential and is shown to admins only.',
  alertmanager: 'The base URL, e.g. http://alertmanager:9093; alerts go to /api/v2/alerts.',
};

const TLS_NAMES: Record<SmtpTlsMode, string> = {
  starttls: 'STARTTLS (587)',
  tls: 'TLS (465)',
  none: 'None (local relay)',
};

/** A hidden URL as the server shows it (its origin, then REDACTED), with an ellipsis for the hidden part. */
function shownUrl(url: string): string {
  const at = url.indexOf(REDACTED);
  return `${at >= 0 ? url.slice(0, at) : ''}…`;
}

/**
 * The rule's notification targets: generic webhooks (optionally signed), Slack-compatible hooks,
 * PagerDuty, Opsgenie, Teams, Alertmanager and e-mail. Credentials are write-only: a stored one
 * is shown as "set" and kept unless replaced.
 */
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
        const secret = secretField(t.type) !== undefined ? SECRETS[t.type] : undefined;
        const storedSecret = secret !== undefined && t.stored?.secret === true && t.stored.type === t.type;
        const setEmail = (patch: Partial<TargetDraft['email']>) =>
          set(i, { email: { ...t.email, ...patch } });
        return (
          <div className="rule-target" key={i} role="group" aria-label={`Target ${i + 1}`}>
            <FormField label="Type" field={`notify[${i}].type`} errors={errors}>
              {(p) => (
                <select
                  {...p}
                  value={t.type}
                  onChange={(e) => set(i, { type: e.target.value as TargetDraft['type'] })}
                >
                  {NOTIFY_TARGET_TYPES.map((type) => (
                    <option key={type} value={type}>
                      {TYPE_NAMES[type]}
                    </option>
                  ))}
                </select>
              )}
            </FormField>
            {t.type !== 'email' && storedUrl !== null && (
              <p className="stored-credential" data-testid={`stored-url-${i}`}>
                URL <span className="chip">set</span> <span className="muted">{shownUrl(storedUrl)}</span>
              </p>
            )}
            {t.type !== 'email' && (
              <FormField
                label={storedUrl !== null ? 'Replace URL' : 'URL'}
                field={`notify[${i}].url`}
                errors={errors}
                className="wide"
                hint={storedUrl !== null ? 'Leave empty to keep the stored URL.' : URL_HINTS[t.type]}
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
            )}
            {t.type === 'email' && <EmailFields i={i} email={t.email} errors={errors} onChange={setEmail} />}
            {storedSecret && (
              <p className="stored-credential" data-testid={`stored-secret-${i}`}>
                {secret.label} <span className="chip">set</span>{' '}
                <button
                  type="button"
                  className="small"
                  aria-label={`Remove the ${secret.label.toLowerCase()} of target ${i + 1}`}
                  onClick={() => set(i, { secret: '', stored: { ...t.stored!, secret: false } })}
                >
                  Remove
                </button>
              </p>
            )}
            {secret !== undefined && (
              <FormField
                label={storedSecret ? `Replace ${secret.label.toLowerCase()}` : secret.label}
                field={`notify[${i}].${secretField(t.type)!}`}
                errors={errors}
                hint={
                  storedSecret ? `Leave empty to keep the stored ${secret.label.toLowerCase()}.` : secret.hint
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

function EmailFields({
  i,
  email,
  errors,
  onChange,
}: {
  i: number;
  email: TargetDraft['email'];
  errors: readonly FieldError[];
  onChange: (patch: Partial<TargetDraft['email']>) => void;
}) {
  const text = (label: string, key: 'host' | 'port' | 'username' | 'from' | 'to', hint?: string) => (
    <FormField label={label} field={`notify[${i}].${key}`} errors={errors} hint={hint}>
      {(p) => (
        <input
          {...p}
          value={email[key]}
          spellCheck={false}
          inputMode={key === 'port' ? 'numeric' : undefined}
          onChange={(e) => onChange({ [key]: e.target.value })}
        />
      )}
    </FormField>
  );
  return (
    <>
      {text('SMTP host', 'host')}
      {text('SMTP port', 'port')}
      <FormField label="TLS" field={`notify[${i}].tls`} errors={errors}>
        {(p) => (
          <select {...p} value={email.tls} onChange={(e) => onChange({ tls: e.target.value as SmtpTlsMode })}>
            {SMTP_TLS_MODES.map((mode) => (
              <option key={mode} value={mode}>
                {TLS_NAMES[mode]}
              </option>
            ))}
          </select>
        )}
      </FormField>
      {text('Username', 'username', 'Optional: SMTP AUTH with the password below.')}
      {text('From', 'from')}
      {text('To', 'to', 'One or more addresses, separated by commas.')}
    </>
  );
}
