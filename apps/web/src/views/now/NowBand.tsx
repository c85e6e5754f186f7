import { Link } from 'react-router-dom';
import type { EventFilter, Explanation } from '@sipwatch/wire';
import { NOW_SPAN_MS } from '@sipwatch/wire';
import { formatClock } from '@sipwatch/wire/metrics';
import { useQuery } from '../../api/react';
import { EXPLAIN_REFRESH_MS, nowBandModel } from '../../lib/now-band';
import type { ViewState } from '../../lib/view-state';
import { firingAlerts } from '../../store/alerts';
import { useLive, useLiveStoreApi } from '../../store/react';
import { sliceLink } from '../overview/WhatChanged';

/**
 * "What is wrong now", without interaction: the slices of the last few minutes worse than their
 * baseline, biggest excess first, with their rate and "12× usual", what is firing, and "All trunks
 * normal" when nothing is wrong. On the wall (no links) and above the overview's tiles (each slice
 * links to its drill-down). Plain text only.
 */
export function NowBand({
  view,
  linkable,
  large = false,
}: {
  view: ViewState;
  linkable: boolean;
  large?: boolean;
}) {
  const store = useLiveStoreApi();
  const alerts = useLive((s) => s.alerts);
  const filter: EventFilter = view.filter;
  const query = useQuery<Explanation>(
    `now-band:${JSON.stringify(filter)}`,
    (api, signal) => {
      const at = store.getState().live.serverTime || Date.now();
      const to = Math.floor(at / 1000) * 1000;
      return api.explain({ from: to - NOW_SPAN_MS, to, baseline: 'hour', filter }, signal);
    },
    EXPLAIN_REFRESH_MS,
  );
  const e = query.data;
  if (!e) return null;
  const m = nowBandModel(e, firingAlerts(alerts), formatClock);
  const drill = { ...view, range: 'custom' as const, from: e.window.from, to: e.window.to };
  return (
    <section
      className={`now-band now-status-${m.status}${large ? ' now-band-large' : ''}`}
      aria-labelledby="now-band-title"
      data-testid="now-band"
      data-status={m.status}
    >
      <div className="now-head">
        <h2 id="now-band-title">
          Now{' '}
          <span className="now-span">
            last {NOW_SPAN_MS / 60_000} min{m.status === 'no-baseline' ? ', biggest failures' : ' vs usual'}
          </span>
        </h2>
        {m.firing.length > 0 && (
          <p className="now-firing" data-testid="now-firing">
            Firing:{' '}
            {m.firing.map((f, i) => (
              <span key={`${f.name}-${i}`} className={`now-firing-${f.severity}`}>
                {i > 0 && ', '}
                {f.name}
              </span>
            ))}
          </p>
        )}
      </div>
      {m.slices.length > 0 ? (
        <ol className="now-slices">
          {m.slices.map((s) => (
            <li key={s.label} data-testid="now-slice">
              {linkable ? (
                <Link to={sliceLink(drill, s.slice)} className="now-what" data-testid="now-slice-link">
                  {s.label}
                </Link>
              ) : (
                <span className="now-what">{s.label}</span>
              )}
              <span className="now-rate">{s.rate}</span>
              <span className="now-usual">{s.usual}</span>
              <span className="now-share">{s.share}</span>
            </li>
          ))}
        </ol>
      ) : (
        <p className="now-headline" data-testid="now-headline">
          {m.headline}
        </p>
      )}
    </section>
  );
}
