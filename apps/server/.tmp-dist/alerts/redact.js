import { REDACTED } from '../wire/alerts.js';
/**
 * Notification targets hold credentials: an HMAC secret, and URLs that are themselves secrets
 * (a Slack incoming-webhook URL is the token). Readers without the admin token (a wall display)
 * see them replaced by REDACTED; an edit that sends REDACTED back keeps the stored value.
 */
export function redactUrl(url) {
    try {
        return `${new URL(url).origin}/${REDACTED}`;
    }
    catch {
        return REDACTED;
    }
}
export function redactTarget(target) {
    const url = redactUrl(target.url);
    if (target.type === 'webhook' && target.secret !== undefined)
        return { ...target, url, secret: REDACTED };
    return { ...target, url };
}
export function redactRule(rule) {
    return { ...rule, notify: rule.notify.map(redactTarget) };
}
const isRedacted = (s) => s !== undefined && s.includes(REDACTED);
/**
 * Puts stored values back where an edit sent REDACTED: a target's URL and secret come from the
 * stored target at the same position when it has the same type and redacts to the same text.
 */
export function restoreRedacted(spec, stored, prefix = '') {
    const errors = [];
    const notify = spec.notify.map((target, i) => {
        const old = stored?.notify[i];
        const field = `${prefix}notify[${i}]`;
        let out = target;
        if (isRedacted(target.url)) {
            if (old && old.type === target.type && redactUrl(old.url) === target.url)
                out = { ...out, url: old.url };
            else
                errors.push({
                    field: `${field}.url`,
                    reason: 'is redacted and no stored target matches it; give the URL',
                });
        }
        if (out.type === 'webhook' && isRedacted(out.secret)) {
            if (old?.type === 'webhook' && old.secret !== undefined)
                out = { ...out, secret: old.secret };
            else
                errors.push({
                    field: `${field}.secret`,
                    reason: 'is redacted and no stored secret matches it; give the secret',
                });
        }
        return out;
    });
    return errors.length ? { ok: false, errors } : { ok: true, spec: { ...spec, notify } };
}
//# sourceMappingURL=redact.js.map