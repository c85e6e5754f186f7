import { createHash } from 'node:crypto';
import type { AlertNotification } from '../payload.js';

/**
 * The key that ties a resolve to its trigger: PagerDuty's dedup_key and Opsgenie's alias. One per
 * rule and label set, so relabelling a rule opens a new incident rather than closing someone
 * else's; test notifications get their own key and never touch a real incident.
 */
export function incidentKey(n: AlertNotification): string {
  const labels = Object.entries(n.rule.labels).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const hash = createHash('sha256').update(JSON.stringify(labels)).digest('hex').slice(0, 12);
  return `sipwatch/${n.rule.id}/${n.kind === 'test' ? 'test' : hash}`;
}
