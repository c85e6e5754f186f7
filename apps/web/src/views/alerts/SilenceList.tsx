import type { AlertsById } from '../../store/alerts';
import type { Silence } from '@sipwatch/wire';
import { useAlertsApi } from '../../api/alerts-react';
import { formatDateTime } from '@sipwatch/wire/metrics';
import { ActionMessage } from './ActionMessage';
import { describeScope } from './format';
import { useAction } from './use-action';

/** Silences that have not ended, each with what it covers and a button to lift it. */
export function SilenceList({
  silences,
  alerts,
  onChanged,
}: {
  silences: readonly Silence[];
  alerts: AlertsById;
  onChanged: () => void;
}) {
  const api = useAlertsApi();
  const [action, run] = useAction();
  if (silences.length === 0) return null;
  const lift = async (id: string) => {
    const ok = await run(async () => {
      await api.unsilence(id);
      return true;
    });
    if (ok) onChanged();
  };
  return (
    <section className="panel" aria-labelledby="silences-title">
      <h2 id="silences-title">Silences</h2>
      <ul className="plain-list">
        {silences.map((s) => {
          const what =
            s.ruleId !== null
              ? `rule ${alerts?.[s.ruleId]?.rule.name ?? s.ruleId}`
              : `every rule on ${describeScope(s.scope ?? {})}`;
          return (
            <li key={s.id} data-testid="silence">
              {what} until {formatDateTime(s.until)}
              {s.comment && <span className="muted"> ({s.comment})</span>}{' '}
              <button
                type="button"
                onClick={() => void lift(s.id)}
                disabled={action.busy}
                aria-label={`Lift the silence of ${what}`}
              >
                Lift
              </button>
            </li>
          );
        })}
      </ul>
      <ActionMessage state={action} />
    </section>
  );
}
