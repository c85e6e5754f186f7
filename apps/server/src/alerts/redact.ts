import { REDACTED, TARGET_SECRET_FIELDS } from '@sipwatch/wire';
import type { AlertView, AlertRule, AlertRuleSpec, FieldError, NotifyTarget } from '@sipwatch/wire';

/**
 * Notification targets hold credentials: HMAC secrets, routing and API keys, SMTP passwords, and URLs that are themselves secrets
 * (a Slack incoming-webhook URL is the token). Readers without the admin token (a wall display)
 * see them replaced by REDACTED; an edit that sends REDACTED back keeps the stored value.
 */

export function redactUrl(url: string): string {
  try {
    return `${new URL(url).origin}/${REDACTED}`;
  } catch {
    return REDACTED;
  }
}

type SecretField = (typeof TARGET_SECRET_FIELDS)[NotifyTarget['type']][number];

function secretFields(target: NotifyTarget): readonly SecretField[] {
  return TARGET_SECRET_FIELDS[target.type];
}

function field(target: NotifyTarget, name: SecretField | 'url'): string | undefined {
  const value = (target as Partial<Record<SecretField | 'url', string>>)[name];
  return value;
}

/** Every credential replaced by REDACTED, and the path of every URL (the token of Slack and Teams URLs). */
export function redactTarget(target: NotifyTarget): NotifyTarget {
  const out: Record<string, unknown> = { ...target };
  const url = field(target, 'url');
  if (url !== undefined) out.url = redactUrl(url);
  for (const name of secretFields(target)) if (field(target, name) !== undefined) out[name] = REDACTED;
  return out as NotifyTarget;
}

export function redactRule<R extends Pick<AlertRule, 'notify'>>(rule: R): R {
  return { ...rule, notify: rule.notify.map(redactTarget) };
}

const isRedacted = (s: string | undefined) => s !== undefined && s.includes(REDACTED);

/**
 * Puts stored values back where an edit sent REDACTED: a target's URL and secrets come from the
 * stored target at the same position when it has the same type (and the URL redacts to the same text).
 */
export function restoreRedacted(
  spec: AlertRuleSpec,
  stored: Pick<AlertRule, 'notify'> | undefined,
  prefix = '',
): { ok: true; spec: AlertRuleSpec } | { ok: false; errors: FieldError[] } {
  const errors: FieldError[] = [];
  const notify = spec.notify.map((target, i) => {
    const old = stored?.notify[i];
    const sameType = old !== undefined && old.type === target.type ? old : undefined;
    const path = `${prefix}notify[${i}]`;
    const out: Record<string, unknown> = { ...target };
    const url = field(target, 'url');
    if (isRedacted(url)) {
      const oldUrl = sameType && field(sameType, 'url');
      if (oldUrl !== undefined && redactUrl(oldUrl) === url) out.url = oldUrl;
      else
        errors.push({
          field: `${path}.url`,
          reason: 'is redacted and no stored target matches it; give the URL',
        });
    }
    for (const name of secretFields(target)) {
      if (!isRedacted(field(target, name))) continue;
      const oldValue = sameType && field(sameType, name);
      if (oldValue !== undefined) out[name] = oldValue;
      else
        errors.push({
          field: `${path}.${name}`,
          reason: `is redacted and no stored ${name} matches it; give the ${name}`,
        });
    }
    return out as NotifyTarget;
  });
  return errors.length ? { ok: false, errors } : { ok: true, spec: { ...spec, notify } };
}

/** What a wall display may see: targets without their credentials. */
export function publicView(view: AlertView): AlertView {
  return { ...view, rule: redactRule(view.rule) };
}
