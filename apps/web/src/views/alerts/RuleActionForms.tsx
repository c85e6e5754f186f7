import { HOUR_MS } from '@sipwatch/wire';
import { useId, useState } from 'react';
import type { FormEvent } from 'react';
import type { AlertView } from '@sipwatch/wire';
import { useAlertsApi } from '../../api/alerts-react';
import { TIME_INPUT_HINT, fromTimeInput, toTimeInput } from '@sipwatch/wire/metrics';
import { TimeInput } from '../shell/TimeInput';
import { ActionMessage } from './ActionMessage';
import { useAction } from './use-action';

/** Acknowledge a firing alert, with a note that every dashboard shows; the server records who (the token's name). */
export function AckForm({
  ruleId,
  ruleName,
  onDone,
  onCancel,
}: {
  ruleId: string;
  ruleName: string;
  onDone: (view: AlertView) => void;
  onCancel: () => void;
}) {
  const api = useAlertsApi();
  const [note, setNote] = useState('');
  const [action, run] = useAction();
  const id = useId();
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const view = await run(() => api.ack(ruleId, { note }));
    if (view) onDone(view);
  };
  return (
    <form className="inline-form" onSubmit={submit} aria-label={`Acknowledge ${ruleName}`}>
      <label htmlFor={`${id}-note`}>Note</label>
      <input id={`${id}-note`} value={note} maxLength={1000} onChange={(e) => setNote(e.target.value)} />
      <button type="submit" disabled={action.busy}>
        Acknowledge
      </button>
      <button type="button" onClick={onCancel}>
        Cancel
      </button>
      <ActionMessage state={action} />
    </form>
  );
}

/** Silence a rule's notifications until a time; it is still evaluated and shown. */
export function SilenceForm({
  ruleId,
  ruleName,
  onDone,
  onCancel,
}: {
  ruleId: string;
  ruleName: string;
  onDone: () => void;
  onCancel: () => void;
}) {
  const api = useAlertsApi();
  const [until, setUntil] = useState(() => toTimeInput(Date.now() + HOUR_MS));
  const [comment, setComment] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [action, run] = useAction();
  const id = useId();
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const ms = fromTimeInput(until);
    if (ms === null) return setProblem(`Give the time the silence ends, as ${TIME_INPUT_HINT}.`);
    if (ms <= Date.now()) return setProblem('Pick a time in the future.');
    setProblem(null);
    const done = await run(() => api.silence({ ruleId, until: ms, comment }));
    if (done) onDone();
  };
  return (
    <form className="inline-form" onSubmit={submit} aria-label={`Silence ${ruleName}`}>
      <label htmlFor={`${id}-until`}>Until</label>
      <TimeInput
        id={`${id}-until`}
        value={until}
        onText={setUntil}
        aria-describedby={problem ? `${id}-problem` : undefined}
      />
      <label htmlFor={`${id}-comment`}>Comment</label>
      <input
        id={`${id}-comment`}
        value={comment}
        maxLength={1000}
        onChange={(e) => setComment(e.target.value)}
      />
      <button type="submit" disabled={action.busy}>
        Silence
      </button>
      <button type="button" onClick={onCancel}>
        Cancel
      </button>
      {problem && (
        <span id={`${id}-problem`} role="alert" className="form-error">
          {problem}
        </span>
      )}
      <ActionMessage state={action} />
    </form>
  );
}
