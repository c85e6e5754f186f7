import type { ActionState } from './use-action';

/** An action's outcome: errors as an alert, successes as a status line. Text only. */
export function ActionMessage({ state }: { state: ActionState }) {
  if (state.error)
    return (
      <p role="alert" className="form-error action-message">
        {state.error}
      </p>
    );
  if (state.done)
    return (
      <p role="status" className="action-message action-done">
        {state.done}
      </p>
    );
  return null;
}
