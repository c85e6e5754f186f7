import type { AlertRule, AlertRuleSpec, FieldError, NotifyTarget } from '../wire/alerts.js';
/**
 * Notification targets hold credentials: an HMAC secret, and URLs that are themselves secrets
 * (a Slack incoming-webhook URL is the token). Readers without the admin token (a wall display)
 * see them replaced by REDACTED; an edit that sends REDACTED back keeps the stored value.
 */
export declare function redactUrl(url: string): string;
export declare function redactTarget(target: NotifyTarget): NotifyTarget;
export declare function redactRule<R extends Pick<AlertRule, 'notify'>>(rule: R): R;
/**
 * Puts stored values back where an edit sent REDACTED: a target's URL and secret come from the
 * stored target at the same position when it has the same type and redacts to the same text.
 */
export declare function restoreRedacted(spec: AlertRuleSpec, stored: Pick<AlertRule, 'notify'> | undefined, prefix?: string): {
    ok: true;
    spec: AlertRuleSpec;
} | {
    ok: false;
    errors: FieldError[];
};
