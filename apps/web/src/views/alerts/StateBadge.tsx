import type { AlertStateName, Severity } from '@sipwatch/wire';
import { STATE_ICONS, STATE_LABELS } from './format';

/**
 * A rule's state as colour, shape and word together (never colour alone). No data is a grey state
 * of its own: a rule that sees no traffic (a misspelt trunk, a dead feed) must not look healthy.
 */
export function StateBadge({
  state,
  severity,
  noData = false,
}: {
  state: AlertStateName;
  severity?: Severity;
  noData?: boolean;
}) {
  const critical = state === 'firing' && severity === 'critical';
  const quiet = noData && state === 'ok';
  const classes = ['alert-state', `alert-state-${state}`];
  if (critical) classes.push('alert-state-critical');
  if (quiet) classes.push('alert-state-nodata');
  return (
    <span
      className={classes.join(' ')}
      data-testid="alert-state"
      data-state={state}
      data-nodata={noData ? 'true' : undefined}
    >
      <span aria-hidden="true">{quiet ? '○' : STATE_ICONS[state]}</span>{' '}
      {quiet ? 'No data' : noData ? `${STATE_LABELS[state]} (no data)` : STATE_LABELS[state]}
    </span>
  );
}
