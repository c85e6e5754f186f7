import { useEffect, useId, useMemo, useState } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import type { AlertTransition } from '@sipwatch/wire';
import { describeApiError } from '../../api/alerts';
import { useAlertsApi } from '../../api/alerts-react';
import {
  formatDateTime,
  formatDuration,
  fromTimeInput,
  MINUTE_MS,
  toTimeInput,
} from '@sipwatch/wire/metrics';
import { TimeInput } from '../shell/TimeInput';
import { toSearch, writeViewState } from '../../lib/view-state';
import { alertsSignature } from '../../store/alerts';
import { useLive, useLiveStoreApi } from '../../store/react';
import { StateBadge } from './StateBadge';
import { METRIC_UNIT, STATE_LABELS, formatUnitValue } from './format';
import type { HistoryFilter } from './history-filter';
import { HISTORY_STATES, historyQuery, parseHistoryFilter, writeHistoryFilter } from './history-filter';
import './alerts.css';

/** The same rule's next change (rows are newest first), when it is loaded. */
function nextOfRule(rows: readonly AlertTransition[], i: number): AlertTransition | undefined {
  for (let j = i - 1; j >= 0; j--) if (rows[j]!.ruleId === rows[i]!.ruleId) return rows[j];
  return undefined;
}

/** The dashboard from 5 minutes before a change to 5 minutes after it ended (or after it, when it goes on). */
function dashboardSearch(at: number, endedAt: number | undefined, trunk: string | undefined): string {
  const margin = 5 * MINUTE_MS;
  return toSearch(
    writeViewState({
      range: 'custom',
      from: at - margin,
      to: (endedAt ?? at) + margin,
      filter: trunk ? { trunk } : {},
      kiosk: false,
    }),
  );
}

interface Rows {
  key: string;
  rows: AlertTransition[];
  next: number | null;
  error: string | null;
  loading: boolean;
}

function Filters({ filter, onChange }: { filter: HistoryFilter; onChange: (f: HistoryFilter) => void }) {
  const alerts = useLive((s) => s.alerts);
  const rules = useMemo(
    () =>
      Object.values(alerts ?? {})
        .map((a) => ({ id: a.rule.id, name: a.rule.name }))
        .sort((a, b) => a.name.localeCompare(b.name)),
    [alerts],
  );
  const id = useId();
  // A rule that has since been deleted still has history: keep it selectable.
  const known = filter.rule === undefined || rules.some((r) => r.id === filter.rule);
  return (
    <form
      className="toolbar history-filters"
      aria-label="History filters"
      onSubmit={(e) => e.preventDefault()}
    >
      <label htmlFor={`${id}-rule`}>Rule</label>
      <select
        id={`${id}-rule`}
        value={filter.rule ?? ''}
        onChange={(e) => onChange({ ...filter, rule: e.target.value || undefined })}
      >
        <option value="">All rules</option>
        {rules.map((r) => (
          <option key={r.id} value={r.id}>
            {r.name}
          </option>
        ))}
        {!known && <option value={filter.rule}>{filter.rule} (deleted)</option>}
      </select>
      <label htmlFor={`${id}-state`}>Entered state</label>
      <select
        id={`${id}-state`}
        value={filter.state ?? ''}
        onChange={(e) =>
          onChange({ ...filter, state: (e.target.value || undefined) as HistoryFilter['state'] })
        }
      >
        <option value="">Any</option>
        {HISTORY_STATES.map((s) => (
          <option key={s} value={s}>
            {STATE_LABELS[s]}
          </option>
        ))}
      </select>
      <label htmlFor={`${id}-from`}>From</label>
      <FilterTime id={`${id}-from`} value={filter.from} onChange={(from) => onChange({ ...filter, from })} />
      <label htmlFor={`${id}-to`}>To</label>
      <FilterTime id={`${id}-to`} value={filter.to} onChange={(to) => onChange({ ...filter, to })} />
      {(filter.rule || filter.state || filter.from !== undefined || filter.to !== undefined) && (
        <button type="button" onClick={() => onChange({})}>
          Clear filters
        </button>
      )}
    </form>
  );
}

/**
 * Every state change of every rule, newest first, with the value and threshold at that moment.
 * Filters live in the URL; the list reloads by itself when a rule changes state.
 */
export default function HistoryView() {
  const api = useAlertsApi();
  const [params, setParams] = useSearchParams();
  const search = params.toString();
  const filter = useMemo(() => parseHistoryFilter(new URLSearchParams(search)), [search]);
  const alerts = useLive((s) => s.alerts);
  const signature = useMemo(() => alertsSignature(alerts), [alerts]);
  const store = useLiveStoreApi();
  // The rules name the filter's choices and say how to format values; the socket keeps them live,
  // this load makes the page right before it has spoken.
  useEffect(() => {
    const controller = new AbortController();
    api.rules(controller.signal).then(
      (views) =>
        !controller.signal.aborted &&
        store.getState().alertsSnapshot({ serverTime: Date.now(), alerts: views }),
      () => undefined, // The history's own load reports a server that cannot be reached.
    );
    return () => controller.abort();
  }, [api, store]);
  const [data, setData] = useState<Rows>({ key: '', rows: [], next: null, error: null, loading: true });
  const key = JSON.stringify(filter);

  useEffect(() => {
    const controller = new AbortController();
    setData((d) => ({ ...d, loading: true }));
    api.history(historyQuery(filter), controller.signal).then(
      (page) => {
        // An answer for a filter left behind must not replace the newer one's.
        if (!controller.signal.aborted)
          setData({ key, rows: page.history, next: page.next, error: null, loading: false });
      },
      (err: unknown) => {
        if (!controller.signal.aborted)
          setData((d) => ({ ...d, key, error: describeApiError(err), loading: false }));
      },
    );
    return () => controller.abort();
    // The key stands for the filter; the signature changes when some rule changes state.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [api, key, signature]);

  const more = async () => {
    if (data.next === null) return;
    try {
      const page = await api.history(historyQuery(filter, data.next));
      setData((d) => ({ ...d, rows: [...d.rows, ...page.history], next: page.next }));
    } catch (err) {
      setData((d) => ({ ...d, error: describeApiError(err) }));
    }
  };

  const rows = data.key === key ? data.rows : [];
  return (
    <div className="alerts-page">
      <h1 className="page-title">Alert history</h1>
      <p>
        <Link to="/alerts">Alert rules</Link>
      </p>
      <Filters filter={filter} onChange={(f) => setParams(writeHistoryFilter(f))} />
      {data.error && (
        <p className="notice notice-warn" role="status">
          Could not load the history: {data.error}
        </p>
      )}
      <section className="panel">
        {rows.length === 0 ? (
          <p className="muted">{data.loading ? 'Loading…' : 'No state changes match.'}</p>
        ) : (
          <div className="table-scroll">
            <table className="data-table history-table" aria-label="Alert history">
              <thead>
                <tr>
                  <th scope="col">Time</th>
                  <th scope="col">Rule</th>
                  <th scope="col">Severity</th>
                  <th scope="col">Change</th>
                  <th scope="col">Value</th>
                  <th scope="col">Threshold</th>
                  <th scope="col">Why</th>
                  <th scope="col">Lasted</th>
                  <th scope="col">
                    <span className="visually-hidden">Dashboard</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {rows.map((t, i) => {
                  const next = filter.state === undefined ? nextOfRule(rows, i) : undefined;
                  const scope = alerts?.[t.ruleId]?.rule.scope;
                  // The row's own unit reads it even once the rule is gone; rows recorded before
                  // units were kept fall back to the rule as it is now, when it still exists.
                  const metric = t.metric ?? alerts?.[t.ruleId]?.rule.metric;
                  const unit = t.unit ?? (metric ? METRIC_UNIT[metric] : null);
                  return (
                    <tr key={t.id} data-testid="history-row" data-state={t.to}>
                      <td className="nowrap">
                        <time dateTime={new Date(t.at).toISOString()}>{formatDateTime(t.at)}</time>
                      </td>
                      <th scope="row">{t.ruleName}</th>
                      <td>
                        <span className={`severity severity-${t.severity}`}>{t.severity}</span>
                      </td>
                      <td className="nowrap">
                        <StateBadge state={t.from} /> → <StateBadge state={t.to} severity={t.severity} />
                      </td>
                      <td>{formatUnitValue(unit, t.value)}</td>
                      <td>{formatUnitValue(unit, t.threshold)}</td>
                      <td>{t.reason}</td>
                      <td className="nowrap" data-testid="history-lasted">
                        {next
                          ? formatDuration(Math.max(1, Math.round((next.at - t.at) / 1000)) * 1000)
                          : filter.state === undefined && (t.to === 'firing' || t.to === 'pending')
                            ? 'ongoing'
                            : '—'}
                      </td>
                      <td>
                        <Link
                          to={{ pathname: '/', search: dashboardSearch(t.at, next?.at, scope?.trunk) }}
                          aria-label={`The dashboard around this change of ${t.ruleName}`}
                        >
                          View
                        </Link>
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        )}
        {data.next !== null && rows.length > 0 && (
          <button type="button" onClick={() => void more()}>
            Older changes
          </button>
        )}
      </section>
    </div>
  );
}

/**
 * A time filter typed by hand: applied once what is typed is a whole time (or cleared), so the
 * list does not reload at every keystroke; a filter changed elsewhere (Clear filters) shows here.
 */
function FilterTime({
  id,
  value,
  onChange,
}: {
  id: string;
  value: number | undefined;
  onChange: (ms: number | undefined) => void;
}) {
  const shown = (ms: number | undefined) => (ms === undefined ? '' : toTimeInput(ms));
  const [text, setText] = useState(shown(value));
  const [applied, setApplied] = useState(value);
  if (applied !== value) {
    setApplied(value);
    setText(shown(value));
  }
  return (
    <TimeInput
      id={id}
      value={text}
      onText={(t) => {
        setText(t);
        const ms = t.trim() === '' ? undefined : fromTimeInput(t);
        if (ms !== null && ms !== value) onChange(ms);
      }}
    />
  );
}
