import { hasCriticalFiring } from '../../store/alerts';
import { useLive } from '../../store/react';

/**
 * True while a critical alert is firing: a wall that rotates between views stays on the one with
 * the alert banner until it ends.
 */
export function useAlertHold(): boolean {
  return useLive((s) => hasCriticalFiring(s.alerts));
}
