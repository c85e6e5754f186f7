import { useState } from 'react';
import type { AlertView } from '@sipwatch/wire';
import { useAlertsApi } from '../../api/alerts-react';
import type { DeliveryOutcome } from '../../api/alerts';
import { ALERT_METRIC_SPECS, formatClock, formatDateTime } from '@sipwatch/wire/metrics';
import { ActionMessage } from './ActionMessage';
import { FiringExplanation } from './FiringExplanation';
import { AckForm, SilenceForm } from './RuleActionForms';
import { StateBadge } from './StateBadge';
import {
  COMPARISON_SIGNS,
  describeCondition,
  describeScope,
  formatMetricValue,
  isTimingMetric,
} from './format';
import { useAction } from './use-action';

type Panel = 'ack' | 'silence' | 'delete' | null;

function outcomeText(o: DeliveryOutcome): string {
  if (o.ok) return `${o.type}: delivered${o.status ? ` (${o.status})` : ''}`;
  return `${o.type}: refused: ${o.error ?? 'delivery failed'}`;
}

function StateCell({ view }: { view: AlertView }) {
  const { state, rule } = view;
  return (
    <td>
      <StateBadge state={state.state} severity={rule.severity} noData={rule.enabled && state.noData} />
      <div className="muted">since {formatDateTime(state.since)}</div>
      {state.ack && (
        <div className="muted" data-testid="ack">
          acknowledged by {state.ack.by}
          {state.ack.note && `: ${state.ack.note}`}
        </div>
      )}
      {state.silencedUntil !== null && (
        <div className="muted">silenced until {formatDateTime(state.silencedUntil)}</div>
      )}
    </td>
  );
}

function ValueCell({ view }: { view: AlertView }) {
  const { state, rule } = view;
  const sign = COMPARISON_SIGNS[rule.comparison];
  if (!rule.enabled) return <td className="muted">not evaluated (disabled)</td>;
  if (state.evaluatedAt === null) return <td className="muted">not evaluated yet</td>;
  return (
    <td data-testid="rule-value">
      <strong>{formatMetricValue(rule.metric, state.value)}</strong>{' '}
      <span className="muted">
        (alerts when {sign} {formatMetricValue(rule.metric, rule.threshold)}
        {state.threshold !== rule.threshold &&
          `; recovers past ${formatMetricValue(rule.metric, state.threshold)}`}
        )
      </span>
      {state.noData && (
        <div className="muted">
          no data: {isTimingMetric(rule.metric) ? `${state.volume} calls timed` : `volume ${state.volume}`}
          {ALERT_METRIC_SPECS[rule.metric].minVolume && ` below the minimum ${rule.minVolume}`}
        </div>
      )}
    </td>
  );
}

function DeliveryCell({ view }: { view: AlertView }) {
  if (view.delivery.length === 0) return <td className="muted">dashboard only</td>;
  return (
    <td>
      <ul className="plain-list">
        {view.delivery.map((d, i) => (
          <li key={d.key} data-testid="delivery">
            {d.type} {i + 1}: {d.sent} sent,{' '}
            <span className={d.failed > 0 ? 'delivery-failed' : undefined}>{d.failed} failed</span>,{' '}
            {d.retried} retried
            {d.lastError && (
              <div className="muted breakable">
                last error{d.lastAttemptAt !== null ? ` at ${formatClock(d.lastAttemptAt)}` : ''}:{' '}
                {d.lastError}
              </div>
            )}
          </li>
        ))}
      </ul>
    </td>
  );
}

/**
 * One rule: where it stands, its value against its threshold, its deliveries, an enabled toggle
 * and its actions (edit, test notification, acknowledge, silence, delete). Rule names, labels and
 * errors are user text and render as text.
 */
export function RuleRow({
  view,
  onEdit,
  onChanged,
  onRefresh,
}: {
  view: AlertView;
  onEdit: (view: AlertView) => void;
  onChanged: (view: AlertView) => void;
  onRefresh: () => void;
}) {
  const api = useAlertsApi();
  const [action, run] = useAction();
  const [panel, setPanel] = useState<Panel>(null);
  const [outcomes, setOutcomes] = useState<DeliveryOutcome[] | null>(null);
  const { rule, state } = view;
  const name = rule.name;

  const toggle = async (enabled: boolean) => {
    const updated = await run(() => api.patch(rule.id, { enabled }));
    if (updated) onChanged(updated);
  };
  const test = async () => {
    setOutcomes(null);
    const result = await run(
      () => api.testNotification(rule.id),
      (o) => (o.every((x) => x.ok) ? 'Test notification delivered.' : 'Some targets failed; see below.'),
    );
    if (result) {
      setOutcomes(result);
      onRefresh(); // the delivery counts changed
    }
  };
  const remove = async () => {
    const ok = await run(async () => {
      await api.remove(rule.id);
      return true;
    });
    if (ok) onRefresh();
  };

  return (
    <>
      <tr
        data-testid="rule-row"
        data-rule-id={rule.id}
        className={state.state === 'firing' ? `row-firing row-${rule.severity}` : undefined}
      >
        <StateCell view={view} />
        <th scope="row">
          <span className="rule-name">{name}</span>{' '}
          <span className={`severity severity-${rule.severity}`}>{rule.severity}</span>
          {rule.description && <div className="muted">{rule.description}</div>}
          {Object.keys(rule.labels).length > 0 && (
            <div>
              {Object.entries(rule.labels).map(([k, v]) => (
                <span key={k} className="chip" data-testid="rule-label">
                  {k}={v}
                </span>
              ))}
            </div>
          )}
        </th>
        <td>
          {describeCondition(rule)}
          <div className="muted">
            {describeScope(rule.scope)} · pending {rule.pendingFor}
          </div>
        </td>
        <ValueCell view={view} />
        <DeliveryCell view={view} />
        <td>
          <label className="checkbox">
            <input
              type="checkbox"
              checked={rule.enabled}
              disabled={action.busy}
              onChange={(e) => void toggle(e.target.checked)}
              aria-label={`Enabled: ${name}`}
            />{' '}
            {rule.enabled ? 'on' : 'off'}
          </label>
        </td>
        <td className="rule-actions">
          <button type="button" onClick={() => onEdit(view)} aria-label={`Edit ${name}`}>
            Edit
          </button>
          <button
            type="button"
            onClick={() => void test()}
            disabled={action.busy}
            aria-label={`Send test notification for ${name}`}
          >
            Test notification
          </button>
          {state.state === 'firing' && !state.ack && (
            <button type="button" onClick={() => setPanel('ack')} aria-label={`Acknowledge ${name}`}>
              Acknowledge
            </button>
          )}
          <button type="button" onClick={() => setPanel('silence')} aria-label={`Silence ${name}`}>
            Silence
          </button>
          <button type="button" onClick={() => setPanel('delete')} aria-label={`Delete ${name}`}>
            Delete
          </button>
        </td>
      </tr>
      <FiringExplanation view={view} colSpan={7} />
      {(panel !== null || action.error || action.done || outcomes) && (
        <tr className="rule-panel-row">
          <td colSpan={7}>
            <ActionMessage state={action} />
            {outcomes && (
              <ul className="plain-list" data-testid="test-outcomes">
                {outcomes.map((o) => (
                  <li key={o.key} className={o.ok ? undefined : 'delivery-failed'}>
                    {outcomeText(o)}
                  </li>
                ))}
              </ul>
            )}
            {panel === 'ack' && (
              <AckForm
                ruleName={name}
                onDone={(v) => {
                  onChanged(v);
                  setPanel(null);
                }}
                onCancel={() => setPanel(null)}
                ruleId={rule.id}
              />
            )}
            {panel === 'silence' && (
              <SilenceForm
                ruleName={name}
                ruleId={rule.id}
                onDone={() => {
                  setPanel(null);
                  onRefresh();
                }}
                onCancel={() => setPanel(null)}
              />
            )}
            {panel === 'delete' && (
              <div className="confirm" role="group" aria-label={`Delete ${name}?`}>
                <span>Delete this rule? Its history stays.</span>{' '}
                <button type="button" className="danger" onClick={() => void remove()} disabled={action.busy}>
                  Yes, delete {name}
                </button>{' '}
                <button type="button" onClick={() => setPanel(null)}>
                  Keep it
                </button>
              </div>
            )}
          </td>
        </tr>
      )}
    </>
  );
}
