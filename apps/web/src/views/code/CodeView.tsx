import { useMemo } from 'react';
import { Link, useParams } from 'react-router-dom';
import { classify } from '@sipwatch/codes';
import type { EventFilter, SeriesPoint } from '@sipwatch/wire';
import { useQuery } from '../../api/react';
import { CodeRateChart } from '../../charts/CodeRateChart';
import {
  blankRate,
  breakAtGaps,
  codeRates,
  describeGaps,
  gapsWithin,
  within,
} from '../../charts/series-data';
import { CLASS_COLORS } from '../../lib/palette';
import { formatClock, formatCount, formatDateTime, formatPercent } from '@sipwatch/wire/metrics';
import { describeRatio } from '../../lib/baseline';
import { useViewState } from '../../lib/use-view-state';
import type { ViewState } from '../../lib/view-state';
import { RANGE_LABELS, isLiveRange, resolveRange } from '../../lib/view-state';
import { useLive, useLiveStoreApi } from '../../store/react';
import { selectView } from '../../store/live-store';
import { Toolbar } from '../shell/Toolbar';
import { Breakdown } from './Breakdown';

const BREAKDOWN_OF = { trunk: 'byTrunk', source: 'bySource', method: 'byMethod' } as const;
import { CodeFacts } from './CodeFacts';
import { SampleEvents } from './SampleEvents';
import { SAMPLES_PER_PAGE, useSamplePages } from './use-sample-pages';
import { useCodeOnset } from './use-code-onset';

const REFRESH_MS = 5_000;
const NO_POINTS: SeriesPoint[] = [];

function baselineText(count: number, baseline: { hourAgo: number; dayAgo: number }): string {
  const usual = baseline.dayAgo > 0 ? baseline.dayAgo : baseline.hourAgo;
  const r = usual > 0 ? describeRatio(count / usual) : null;
  return r ? ` · ${r} (${baseline.dayAgo > 0 ? 'same time yesterday' : 'an hour ago'})` : '';
}

function useCodeData(view: ViewState, code: number, at: number) {
  const live = isLiveRange(view.range);
  const range = resolveRange(view, at);
  const filter: EventFilter = { ...view.filter, code };
  const base = `${code}:${view.range}:${JSON.stringify(view.filter)}`;
  // Live: bounds move, so the key stays and each refresh asks for "the last N minutes".
  const key = live ? `live:${base}` : `hist:${base}:${range.from}:${range.to}`;
  const store = useLiveStoreApi();
  const bounds = () => {
    if (!live) return { from: range.from, to: range.to };
    const at = store.getState().live.serverTime || Date.now();
    return { from: at - range.spanMs, to: at };
  };

  const detail = useQuery(
    key,
    (api, signal) =>
      api.code(
        { ...(isLiveRange(view.range) ? { window: view.range } : bounds()), code, filter: view.filter },
        signal,
      ),
    live ? REFRESH_MS : undefined,
  );
  // The socket follows this code while its page is open: the breakdown moves with every tick.
  const drilldown = useLive((s) => (live ? selectView(s).drilldown : null));
  // Live windows up to 15 minutes draw from the socket's ring; longer ones and history ask REST.
  const fromRing = live && range.spanMs <= 15 * 60_000;
  const series = useQuery(
    fromRing ? null : key,
    (api, signal) => api.series({ ...bounds(), stepMs: range.stepMs, filter }, signal),
    live ? 60_000 : undefined,
  );
  const ring = useLive((s) => (fromRing ? selectView(s).series : NO_POINTS));
  // The ring's gaps are those the live summary knows of (the snapshot's, over the window).
  const liveGaps = useLive((s) => (fromRing ? selectView(s).summary?.gaps : undefined));
  const { chart, gaps } = useMemo(() => {
    if (fromRing) {
      const last = ring[ring.length - 1];
      const end = last ? last.t + 1_000 : at;
      const gaps = gapsWithin(end - range.spanMs, end, liveGaps);
      const rates = codeRates(within(ring, end - range.spanMs), code, 1_000, range.stepMs);
      return { chart: breakAtGaps(rates, range.stepMs, gaps, blankRate), gaps };
    }
    const s = series.data;
    if (!s) return { chart: [], gaps: [] };
    return {
      chart: breakAtGaps(codeRates(s.points, code, s.stepMs, s.stepMs), s.stepMs, s.gaps, blankRate),
      gaps: s.gaps,
    };
  }, [fromRing, ring, liveGaps, series.data, code, range.spanMs, range.stepMs, at]);

  const stats = drilldown?.code === code ? drilldown : detail.data?.stats;
  return { live, range, detail, stats, chart, gaps, key };
}

/** One code: what it means, where it comes from now, and the latest events that carried it. */
export default function CodeView() {
  const params = useParams();
  const [view, setView, carry] = useViewState();
  const code = Number(params.code);
  const info = /^\d{3}$/.test(params.code ?? '') ? classify(code) : null;
  // eslint-disable-next-line react-hooks/exhaustive-deps
  const at = useMemo(() => Date.now(), [view.range, view.from, view.to]);

  if (!info || !info.ok) {
    return (
      <div className="code-view">
        <h1>Not a SIP response code</h1>
        <p>
          “{params.code}” is not a code between 100 and 699.{' '}
          <Link to={{ pathname: '/codes', search: carry }}>Browse the codes reference</Link>.
        </p>
      </div>
    );
  }
  return <CodeDetail view={view} setView={setView} carry={carry} code={code} info={info} at={at} />;
}

function CodeDetail({
  view,
  setView,
  carry,
  code,
  info,
  at,
}: {
  view: ViewState;
  setView: (v: ViewState) => void;
  carry: string;
  code: number;
  info: Extract<ReturnType<typeof classify>, { ok: true }>;
  at: number;
}) {
  const { live, range, detail, stats, chart, gaps, key } = useCodeData(view, code, at);
  const pages = useSamplePages(detail.data, { ...view.filter, code }, key);
  const onset = useCodeOnset(code, isLiveRange(view.range) ? view.range : null, view.filter);
  const ui = useQuery('ui-config', (api, signal) => api.uiConfig(signal));
  const samples = detail.data?.samples;
  const sentPhrases = useMemo(() => {
    const seen = new Set<string>();
    for (const e of samples ?? []) if (e.reason && e.reason !== info.entry.phrase) seen.add(e.reason);
    return [...seen].slice(0, 5);
  }, [samples, info.entry.phrase]);
  const rangeText =
    view.range === 'custom'
      ? `${formatDateTime(range.from)} to ${formatDateTime(range.to)}`
      : `last ${RANGE_LABELS[view.range]}`;

  return (
    <div className="code-view">
      <Toolbar
        view={view}
        onChange={setView}
        options={{
          trunks: (stats?.byTrunk ?? []).map((t) => t.name),
          sources: (stats?.bySource ?? []).map((t) => t.name),
          methods: (stats?.byMethod ?? []).map((t) => t.name),
        }}
      />
      <nav aria-label="Breadcrumb" className="breadcrumb">
        <Link to={{ pathname: '/', search: carry }}>Overview</Link> ›{' '}
        <Link to={{ pathname: `/classes/${info.class}`, search: carry }}>{info.class}</Link> › {code}
      </nav>
      <h1 className="code-title" data-testid="code-title">
        <span className="code-number">{code}</span> {info.known ? info.entry.phrase : 'Unregistered code'}
      </h1>
      {sentPhrases.length > 0 && (
        <p className="sent-phrases" data-testid="sent-phrases">
          Reason phrases sent by equipment:{' '}
          {sentPhrases.map((p) => (
            <q key={p} className="reason">
              {p}
            </q>
          ))}
        </p>
      )}
      <CodeFacts info={info} search={carry} category={detail.data?.category} />

      <section className="panel" aria-labelledby="code-series-title">
        <div className="panel-head">
          <h2 id="code-series-title">
            {code} per second, {rangeText}
          </h2>
          <span className="muted" data-testid="code-count">
            {stats ? `${formatCount(stats.count)} in the range` : ''}
            {stats?.shareOfFinals != null && `, ${formatPercent(stats.shareOfFinals)} of finals`}
            {detail.data && baselineText(stats?.count ?? 0, detail.data.baseline)}
          </span>
        </div>
        <figure className="chart" aria-label={`${code} responses per second, ${rangeText}`}>
          <CodeRateChart
            data={chart}
            spanMs={range.spanMs}
            color={CLASS_COLORS[info.class]}
            marker={onset ? { t: onset.at, label: `rose at ${formatClock(onset.at)}` } : undefined}
            gaps={gaps}
          />
          {gaps.length > 0 && <figcaption data-testid="code-gaps">{describeGaps(gaps)}</figcaption>}
          {onset && (
            <figcaption data-testid="code-onset">
              {code} left its usual rate at {formatClock(onset.at)}
              {onset.where ? `, first from ${onset.where}` : ''}.
            </figcaption>
          )}
        </figure>
      </section>

      <section className="panel" aria-labelledby="breakdown-title">
        <h2 id="breakdown-title">Where it comes from</h2>
        {detail.error && (
          <p className="notice notice-warn">Could not load the breakdown: {detail.error.message}</p>
        )}
        <div className="columns three">
          {(['trunk', 'source', 'method'] as const).map((key) => (
            <Breakdown
              key={key}
              title={key[0]!.toUpperCase() + key.slice(1)}
              items={stats?.[BREAKDOWN_OF[key]] ?? []}
              selected={view.filter[key]}
              onSelect={(name) => setView({ ...view, filter: { ...view.filter, [key]: name } })}
            />
          ))}
        </div>
      </section>

      <section className="panel" aria-labelledby="samples-title">
        <h2 id="samples-title">Most recent events{live ? '' : ` (${rangeText})`}</h2>
        {detail.loading && !samples ? (
          <p className="loading">Loading…</p>
        ) : (
          <>
            <SampleEvents events={pages.events} callIdTemplate={ui.data?.callIdUrlTemplate} />
            <p className="sample-pager">
              {pages.canPageBack && (
                <button type="button" onClick={pages.older} disabled={pages.busy}>
                  {pages.busy ? 'Loading…' : `Older events in this range (${SAMPLES_PER_PAGE} more)`}
                </button>
              )}
              {pages.paging && (
                <button type="button" onClick={pages.newest}>
                  Back to the newest{live ? ' (follows the live window again)' : ''}
                </button>
              )}
              {pages.paging && !pages.canPageBack && (
                <span className="muted"> No older events of this code in the range.</span>
              )}
              {pages.error && (
                <span role="alert" className="form-error">
                  {' '}
                  Could not load older events: {pages.error}
                </span>
              )}
            </p>
          </>
        )}
      </section>
    </div>
  );
}
