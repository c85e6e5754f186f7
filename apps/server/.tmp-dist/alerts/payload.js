import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { METRIC_UNIT } from '../wire/alerts.js';
/**
 * What notification targets receive. Pure: building bodies, signing and verifying.
 *
 * Generic webhooks get JSON (`AlertWebhookBody`). With a secret, two headers are added:
 *   X-Sipwatch-Timestamp: <epoch ms>
 *   X-Sipwatch-Signature: sha256=<hex HMAC-SHA256(secret, "<timestamp>.<body>")>
 * so a receiver can check both the sender and the freshness (reject old timestamps).
 */
export const SIGNATURE_HEADER = 'x-sipwatch-signature';
export const TIMESTAMP_HEADER = 'x-sipwatch-timestamp';
export const EVENT_HEADER = 'x-sipwatch-event';
export function formatValue(metric, value) {
    if (value === null)
        return 'no data';
    switch (METRIC_UNIT[metric]) {
        case 'fraction':
            return `${(value * 100).toFixed(value < 0.1 ? 2 : 1)}%`;
        case 'per_minute':
            return `${round(value)}/min`;
        case 'ms':
            return `${Math.round(value)} ms`;
        case 'count':
            return String(round(value));
    }
}
const round = (v) => Math.round(v * 100) / 100;
const COMPARISON_TEXT = { gt: '>', gte: '≥', lt: '<', lte: '≤' };
export function metricLabel(rule) {
    switch (rule.metric) {
        case 'failure_rate':
            return 'failure rate';
        case 'class_share':
            return `${rule.class} share`;
        case 'code_count':
            return `${rule.code} count`;
        case 'code_rate':
            return `${rule.code} rate`;
        case 'asr_below':
            return 'ASR';
        case 'ner_below':
            return 'NER';
        case 'volume_below':
            return 'volume';
        case 'unparsed_rate':
            return 'unparsed lines';
        case 'pdd_p95':
            return 'PDD p95';
        case 'pdd_p50':
            return 'PDD p50';
        case 'setup_p95':
            return 'setup time p95';
        case 'setup_p50':
            return 'setup time p50';
    }
}
export function scopeText(scope) {
    const parts = Object.entries(scope).map(([k, v]) => `${k}=${String(v)}`);
    return parts.length ? parts.join(', ') : 'all traffic';
}
/** One line: "[FIRING] 503 storm: 503 rate 12/min > 5/min over 5m (trunk=carrier-a)". */
export function summaryLine(n) {
    const tag = n.kind === 'test' ? 'TEST' : n.status.toUpperCase();
    const { rule } = n;
    return (`[${tag}] ${rule.name}: ${metricLabel(rule)} ${formatValue(rule.metric, n.value)} ` +
        `${COMPARISON_TEXT[rule.comparison]} ${formatValue(rule.metric, n.threshold)} over ${rule.window} ` +
        `(${scopeText(rule.scope)})`);
}
export function webhookBody(n) {
    const { rule } = n;
    return {
        version: 1,
        kind: n.kind,
        status: n.status,
        severity: rule.severity,
        summary: summaryLine(n),
        rule: {
            id: rule.id,
            name: rule.name,
            metric: rule.metric,
            ...(rule.class !== undefined ? { class: rule.class } : {}),
            ...(rule.code !== undefined ? { code: rule.code } : {}),
            scope: rule.scope,
            comparison: rule.comparison,
            threshold: rule.threshold,
            window: rule.window,
            labels: rule.labels,
        },
        value: n.value,
        threshold: n.threshold,
        previousState: n.from,
        reason: n.reason,
        at: new Date(n.at).toISOString(),
        atMs: n.at,
    };
}
/** Slack mrkdwn treats &, < and > as markup; rule names and scopes are shown as text. */
export function slackEscape(text) {
    return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
/** A Slack-compatible incoming-webhook payload: `text` for notifications, `blocks` for the message. */
export function slackBody(n) {
    const { rule } = n;
    const icon = n.kind === 'test'
        ? ':information_source:'
        : n.status === 'resolved'
            ? ':white_check_mark:'
            : rule.severity === 'critical'
                ? ':rotating_light:'
                : ':warning:';
    const text = slackEscape(summaryLine(n));
    const labels = Object.entries(rule.labels).map(([k, v]) => `${k}=${v}`);
    return {
        text,
        blocks: [
            { type: 'section', text: { type: 'mrkdwn', text: `${icon} *${text}*` } },
            {
                type: 'context',
                elements: [
                    {
                        type: 'mrkdwn',
                        text: slackEscape([
                            `severity: ${rule.severity}`,
                            `rule: ${rule.id}`,
                            new Date(n.at).toISOString(),
                            ...labels,
                        ].join(' · ')),
                    },
                ],
            },
        ],
    };
}
export function sign(secret, timestamp, body) {
    return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}
/** For receivers and tests: checks a signature header in constant time. */
export function verifySignature(secret, timestamp, body, header) {
    const expected = Buffer.from(sign(secret, timestamp, body));
    const given = Buffer.from(header);
    return expected.length === given.length && timingSafeEqual(expected, given);
}
/** A stable key for a target's delivery stats: its type and a hash of its URL (never the URL). */
export function targetKey(target) {
    return `${target.type}-${createHash('sha256').update(target.url).digest('hex').slice(0, 12)}`;
}
/** The HTTP request that delivers a notification to a target. */
export function buildRequest(target, n, timestamp) {
    const headers = {
        'content-type': 'application/json',
        'user-agent': 'sipwatch-alerts/1',
    };
    if (target.type === 'slack')
        return { url: target.url, headers, body: JSON.stringify(slackBody(n)) };
    const body = JSON.stringify(webhookBody(n));
    headers[EVENT_HEADER] = n.kind;
    headers[TIMESTAMP_HEADER] = String(timestamp);
    if (target.secret)
        headers[SIGNATURE_HEADER] = sign(target.secret, String(timestamp), body);
    return { url: target.url, headers, body };
}
//# sourceMappingURL=payload.js.map