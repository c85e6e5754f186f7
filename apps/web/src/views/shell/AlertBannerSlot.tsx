import { useMemo } from 'react';
import type { AlertView } from '@sipwatch/server/wire';
import { formatClock, formatPercent } from '../../lib/format';
import { firingAlerts } from '../../store/alerts';
import { useLive } from '../../store/react';

const RATIO_METRICS = new Set(['failure_rate', 'class_share', 'asr_below', 'ner_below', 'unparsed_rate']);

function valueText(a: AlertView): string {
  const fmt = (v: number) => (RATIO_METRICS.has(a.rule.metric) ? formatPercent(v) : String(Math.round(v * 100) / 100));
  const value = a.state.value === null ? 'no data' : fmt(a.state.value);
  return `${value} (threshold ${fmt(a.state.threshold)})`;
}

/**
 * Firing alerts, above every page and on the wall. Rule names and labels are user text: rendered as
 * text. The alert pages themselves (rules, history, silences) come with the alerts issue.
 */
export function AlertBannerSlot() {
  const alerts = useLive((s) => s.alerts);
  const firing = useMemo(() => firingAlerts(alerts), [alerts]);
  if (firing.length === 0) return <div className="alert-slot" data-testid="alert-slot" hidden />;
  return (
    <section className="alert-slot alert-banner" aria-label="Firing alerts" data-testid="alert-slot">
      <ul>
        {firing.slice(0, 5).map((a) => (
          <li key={a.rule.id} className={`alert-${a.rule.severity}`}>
            <strong>{a.rule.severity === 'critical' ? 'CRITICAL' : 'WARNING'}</strong> {a.rule.name}: {valueText(a)}
            {a.state.firingSince !== null && <span className="muted"> · firing since {formatClock(a.state.firingSince)}</span>}
            {a.state.ack && <span className="muted"> · acknowledged by {a.state.ack.by}</span>}
          </li>
        ))}
        {firing.length > 5 && <li>and {firing.length - 5} more</li>}
      </ul>
    </section>
  );
}
