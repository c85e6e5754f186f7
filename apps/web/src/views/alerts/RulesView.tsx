import { useCallback, useEffect, useMemo, useState } from 'react';
import { Link } from 'react-router-dom';
import type { AlertView, Silence } from '@sipwatch/wire';
import { describeApiError } from '../../api/alerts';
import { useAdminToken, useAlertsApi } from '../../api/alerts-react';
import { sortedAlerts } from '../../store/alerts';
import { useLive, useLiveStoreApi } from '../../store/react';
import { AdminTokenField } from './AdminTokenField';
import { ImportExport } from './ImportExport';
import { RuleForm } from './RuleForm';
import { RuleRow } from './RuleRow';
import type { RuleDraft } from './rule-draft';
import { draftFromRule, emptyDraft } from './rule-draft';
import { SilenceList } from './SilenceList';
import './alerts.css';

/** Silences change what rules show (silenced until); the list reloads when they do. */
function silenceSignature(views: readonly AlertView[]): string {
  return views.map((v) => `${v.rule.id}:${v.state.silencedUntil ?? ''}`).join('|');
}

/**
 * The alert rules: each with its state, value and deliveries, kept live by the socket; a form to
 * create and edit them (with a backtest preview); acknowledge, silence, test, delete; import and
 * export as files.
 */
export default function RulesView() {
  const api = useAlertsApi();
  const store = useLiveStoreApi();
  const token = useAdminToken();
  const alerts = useLive((s) => s.alerts);
  const rows = useMemo(() => sortedAlerts(alerts), [alerts]);
  const [form, setForm] = useState<{ draft: RuleDraft; n: number } | null>(null);
  const [silences, setSilences] = useState<Silence[]>([]);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [loaded, setLoaded] = useState(false);
  const [round, setRound] = useState(0);
  const refresh = useCallback(() => setRound((r) => r + 1), []);
  const silenced = silenceSignature(rows);

  // The socket keeps the rules live; this load makes the page right at once (and shows an admin
  // the targets' URLs), and again after changes that answer with no rule (delete, silence, import).
  useEffect(() => {
    const controller = new AbortController();
    api.rules(controller.signal).then(
      (views) => {
        // An answer overtaken by a newer load (another token, a change) is not shown.
        if (controller.signal.aborted) return;
        store.getState().alertsSnapshot({ serverTime: Date.now(), alerts: views });
        setLoadError(null);
        setLoaded(true);
      },
      (err: unknown) => {
        if (!controller.signal.aborted) setLoadError(describeApiError(err));
      },
    );
    return () => controller.abort();
  }, [api, store, token, round]);

  useEffect(() => {
    const controller = new AbortController();
    api.silences(controller.signal).then(
      (list) => !controller.signal.aborted && setSilences(list),
      () => undefined, // The rules' own load reports a server that cannot be reached.
    );
    return () => controller.abort();
  }, [api, round, silenced]);

  const applied = useCallback(
    (view: AlertView) => store.getState().alertState({ serverTime: Date.now(), view }),
    [store],
  );
  const open = (draft: RuleDraft) => setForm((f) => ({ draft, n: (f?.n ?? 0) + 1 }));

  return (
    <div className="alerts-page">
      <h1 className="page-title">
        Alert rules <span className="page-sub">states update live</span>
      </h1>
      <p>
        <Link to="/alerts/history">Alert history</Link>
      </p>
      <AdminTokenField />
      {loadError && (
        <p className="notice notice-warn" role="status">
          Could not load the rules: {loadError}
        </p>
      )}
      {form ? (
        <RuleForm
          key={form.n}
          initial={form.draft}
          onSaved={(view) => {
            applied(view);
            setForm(null);
            refresh();
          }}
          onCancel={() => setForm(null)}
        />
      ) : (
        <p>
          <button type="button" className="primary" onClick={() => open(emptyDraft())}>
            New rule
          </button>
        </p>
      )}

      <section className="panel" aria-labelledby="rules-title">
        <h2 id="rules-title">Rules</h2>
        {rows.length === 0 ? (
          <p className="muted">{loaded || alerts ? 'No rules yet.' : 'Loading…'}</p>
        ) : (
          <div className="table-scroll">
            <table className="data-table rules-table" aria-labelledby="rules-title">
              <thead>
                <tr>
                  <th scope="col">State</th>
                  <th scope="col">Rule</th>
                  <th scope="col">Condition</th>
                  <th scope="col">Value now</th>
                  <th scope="col">Notifications</th>
                  <th scope="col">Enabled</th>
                  <th scope="col">Actions</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((view) => (
                  <RuleRow
                    key={view.rule.id}
                    view={view}
                    onEdit={(v) => open(draftFromRule(v.rule))}
                    onChanged={applied}
                    onRefresh={refresh}
                  />
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
      <SilenceList silences={silences} alerts={alerts} onChanged={refresh} />
      <ImportExport onImported={refresh} />
    </div>
  );
}
