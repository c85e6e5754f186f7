import type { AlertMetric, AlertRule, AlertStateName, NotifyTarget } from '../wire/alerts.js';
/**
 * What notification targets receive. Pure: building bodies, signing and verifying.
 *
 * Generic webhooks get JSON (`AlertWebhookBody`). With a secret, two headers are added:
 *   X-Sipwatch-Timestamp: <epoch ms>
 *   X-Sipwatch-Signature: sha256=<hex HMAC-SHA256(secret, "<timestamp>.<body>")>
 * so a receiver can check both the sender and the freshness (reject old timestamps).
 */
export declare const SIGNATURE_HEADER = "x-sipwatch-signature";
export declare const TIMESTAMP_HEADER = "x-sipwatch-timestamp";
export declare const EVENT_HEADER = "x-sipwatch-event";
export interface AlertNotification {
    kind: 'alert' | 'test';
    /** firing or resolved (a test says firing). */
    status: Extract<AlertStateName, 'firing' | 'resolved'>;
    rule: AlertRule;
    value: number | null;
    threshold: number;
    from: AlertStateName;
    at: number;
    reason: string;
}
export interface AlertWebhookBody {
    version: 1;
    kind: 'alert' | 'test';
    status: 'firing' | 'resolved';
    severity: AlertRule['severity'];
    summary: string;
    rule: {
        id: string;
        name: string;
        metric: AlertMetric;
        class?: string;
        code?: number;
        scope: AlertRule['scope'];
        comparison: AlertRule['comparison'];
        threshold: number;
        window: string;
        labels: Record<string, string>;
    };
    value: number | null;
    threshold: number;
    previousState: AlertStateName;
    reason: string;
    /** ISO 8601 and epoch ms. */
    at: string;
    atMs: number;
}
export declare function formatValue(metric: AlertMetric, value: number | null): string;
export declare function metricLabel(rule: Pick<AlertRule, 'metric' | 'class' | 'code'>): string;
export declare function scopeText(scope: AlertRule['scope']): string;
/** One line: "[FIRING] 503 storm: 503 rate 12/min > 5/min over 5m (trunk=carrier-a)". */
export declare function summaryLine(n: AlertNotification): string;
export declare function webhookBody(n: AlertNotification): AlertWebhookBody;
/** Slack mrkdwn treats &, < and > as markup; rule names and scopes are shown as text. */
export declare function slackEscape(text: string): string;
/** A Slack-compatible incoming-webhook payload: `text` for notifications, `blocks` for the message. */
export declare function slackBody(n: AlertNotification): {
    text: string;
    blocks: unknown[];
};
export declare function sign(secret: string, timestamp: string, body: string): string;
/** For receivers and tests: checks a signature header in constant time. */
export declare function verifySignature(secret: string, timestamp: string, body: string, header: string): boolean;
/** A stable key for a target's delivery stats: its type and a hash of its URL (never the URL). */
export declare function targetKey(target: Pick<NotifyTarget, 'type' | 'url'>): string;
export interface HttpRequest {
    url: string;
    headers: Record<string, string>;
    body: string;
}
/** The HTTP request that delivers a notification to a target. */
export declare function buildRequest(target: NotifyTarget, n: AlertNotification, timestamp: number): HttpRequest;
