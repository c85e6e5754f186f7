import type { AlertStateName, Severity } from '@sipwatch/server/wire';
import { STATE_ICONS, STATE_LABELS } from './format';

/** A rule's state as colour, shape and word together (never colour alone). */
export function StateBadge({ state, severity }: { state: AlertStateName; severity?: Severity }) {
  const critical = state === 'firing' && severity === 'critical';
  return (
    <span
      className={`alert-state alert-state-${state}${critical ? ' alert-state-critical' : ''}`}
      data-testid="alert-state"
      data-state={state}
    >
      <span aria-hidden="true">{STATE_ICONS[state]}</span> {STATE_LABELS[state]}
    </span>
  );
}
