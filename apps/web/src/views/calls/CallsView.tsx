import { useState } from 'react';
import type { FormEvent } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import type { CallsQuery } from '../../api/client';
import { useQuery } from '../../api/react';
import {
  TIME_INPUT_HINT,
  formatDateTime,
  formatDelay,
  fromTimeInput,
  toTimeInput,
} from '@sipwatch/wire/metrics';
import { TimeInput } from '../shell/TimeInput';
import { callPath } from '../../lib/call-path';
import { CATEGORY_COLORS } from '../../lib/palette';

const FIELDS = ['callId', 'number', 'fromUser', 'toUser', 'trunk', 'code'] as const;
type Field = (typeof FIELDS)[number];
const LABELS: Record<Field, string> = {
  callId: 'Call-ID',
  number: 'Number starts with',
  fromUser: 'Caller starts with',
  toUser: 'Called starts with',
  trunk: 'Trunk',
  code: 'Final code',
};
const TIMES = ['from', 'to'] as const;
const TIME_LABELS = { from: 'Started after', to: 'Started before' } as const;

const timeParam = (v: string | null): number | undefined => {
  const ms = v === null || v.trim() === '' ? NaN : Number(v);
  return Number.isFinite(ms) ? ms : undefined;
};

/** The search over kept calls: the form's fields live in the URL, so a link repeats the search. */
export default function CallsView() {
  const [params, setParams] = useSearchParams();
  const [cursor, setCursor] = useState<string | undefined>(undefined);
  const query: CallsQuery = { limit: 50 };
  for (const f of FIELDS) {
    const v = params.get(f)?.trim();
    if (!v) continue;
    if (f === 'code') query.code = Number(v);
    else query[f] = v;
  }
  for (const t of TIMES) {
    const ms = timeParam(params.get(t));
    if (ms !== undefined) query[t] = ms;
  }
  if (cursor) query.cursor = cursor;
  const [times, setTimes] = useState(() => ({
    from: query.from === undefined ? '' : toTimeInput(query.from),
    to: query.to === undefined ? '' : toTimeInput(query.to),
  }));
  const [timeProblem, setTimeProblem] = useState<string | null>(null);
  const { data, error, loading } = useQuery(`calls:${JSON.stringify(query)}`, (api, signal) =>
    api.calls(query, signal),
  );

  const submit = (e: FormEvent<HTMLFormElement>): void => {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const next = new URLSearchParams();
    for (const f of FIELDS) {
      const v = String(form.get(f) ?? '').trim();
      if (v) next.set(f, v);
    }
    for (const t of TIMES) {
      if (times[t].trim() === '') continue;
      const ms = fromTimeInput(times[t]);
      if (ms === null) {
        setTimeProblem(`${TIME_LABELS[t]}: give a time as ${TIME_INPUT_HINT}.`);
        return;
      }
      next.set(t, String(ms));
    }
    setTimeProblem(null);
    setCursor(undefined);
    setParams(next);
  };

  return (
    <div>
      <h1 className="page-title">Calls</h1>
      <p className="muted">
        Whole calls kept from HEP capture: failed calls within a budget per minute and a sampled share of the
        others.
      </p>
      <form className="calls-search" onSubmit={submit} role="search" aria-label="Search calls">
        {FIELDS.map((f) => (
          <label key={f}>
            {LABELS[f]}
            <input
              name={f}
              defaultValue={params.get(f) ?? ''}
              inputMode={f === 'code' ? 'numeric' : undefined}
            />
          </label>
        ))}
        {TIMES.map((t) => (
          <label key={t}>
            {TIME_LABELS[t]}
            <TimeInput value={times[t]} onText={(text) => setTimes((v) => ({ ...v, [t]: text }))} />
          </label>
        ))}
        <button type="submit">Search</button>
        {timeProblem && (
          <span role="alert" className="form-error">
            {timeProblem}
          </span>
        )}
      </form>
      {error && (
        <p className="notice notice-bad" role="alert">
          {error.message}
        </p>
      )}
      {loading && <p className="loading">Searching…</p>}
      {data && data.calls.length === 0 && <p className="empty">No kept call matches.</p>}
      {data && data.calls.length > 0 && (
        <table className="data-table" aria-label="Kept calls">
          <thead>
            <tr>
              <th scope="col">Started</th>
              <th scope="col">Call-ID</th>
              <th scope="col">Outcome</th>
              <th scope="col">Trunk</th>
              <th scope="col">From</th>
              <th scope="col">To</th>
              <th scope="col">PDD</th>
              <th scope="col">Setup</th>
              <th scope="col">Messages</th>
            </tr>
          </thead>
          <tbody>
            {data.calls.map((c) => (
              <tr key={c.callId} data-testid="call-row">
                <td className="nowrap">{formatDateTime(c.startedAt)}</td>
                <td className="mono breakable">
                  <Link to={callPath(c.callId)} aria-label={`Ladder of call ${c.callId}`}>
                    {c.callId}
                  </Link>
                </td>
                <td>
                  <span
                    className="swatch"
                    style={{ background: CATEGORY_COLORS[c.category] }}
                    aria-hidden="true"
                  />
                  {c.code === undefined ? <strong>No final response</strong> : `${c.code} ${c.reason ?? ''}`}{' '}
                  ({c.category})
                </td>
                <td>{c.trunk ?? '—'}</td>
                <td className="mono breakable">{c.from ?? '—'}</td>
                <td className="mono breakable">{c.to ?? '—'}</td>
                <td>{c.pddMs === undefined ? '—' : formatDelay(c.pddMs)}</td>
                <td>{c.setupMs === undefined ? '—' : formatDelay(c.setupMs)}</td>
                <td>{c.messages}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {data?.nextCursor && (
        <p>
          <button type="button" onClick={() => setCursor(data.nextCursor ?? undefined)}>
            Older calls
          </button>
        </p>
      )}
    </div>
  );
}
