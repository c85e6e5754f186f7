import { useCallback, useMemo, useState } from 'react';
import { ClassRateChart } from '../../charts/ClassRateChart';
import type { BrushRange } from '../../charts/ClassRateChart';
import { describeChart } from '../../charts/series-data';
import { formatDateTime } from '@sipwatch/wire/metrics';
import { useViewState } from '../../lib/use-view-state';
import { RANGE_LABELS, isLiveRange, withFilter } from '../../lib/view-state';
import { useLive } from '../../store/react';
import { useChartAlerts } from '../alerts/chart-alerts';
import { TimingPanel } from '../timing/TimingPanel';
import { Toolbar } from '../shell/Toolbar';
import { ClassLegend } from './ClassLegend';
import { DimensionTable } from './DimensionTable';
import { KpiTiles } from './KpiTiles';
import { TopFailuresTable } from './TopFailuresTable';
import { WhatChanged } from './WhatChanged';
import { NowBand } from '../now/NowBand';
import { filterOptions, useHistoryOverview, useLiveOverview } from './use-overview';

/** The engineer's view: KPIs, the class chart, top failure codes, trunks and sources. */
export default function OverviewView() {
  const [view, setView, carry] = useViewState();
  const live = isLiveRange(view.range);
  const [round, setRound] = useState(0);
  // History ranges end at the moment they were chosen (or refreshed), not at every render.
  // eslint-disable-next-line react-hooks/exhaustive-deps
  const at = useMemo(() => Date.now(), [view.range, view.from, view.to, round]);
  const liveModel = useLiveOverview(view, live);
  const historyModel = useHistoryOverview(view, !live, at);
  const model = live ? liveModel : historyModel;
  const paused = useLive((s) => s.frozen !== null);
  const pause = useLive((s) => s.pause);
  // The tile shows once the server has alert rules (alerting may be off or unconfigured).
  const activeAlerts = useLive((s) =>
    s.alerts && Object.keys(s.alerts).length > 0
      ? Object.values(s.alerts).filter((a) => a.state.state === 'firing').length
      : undefined,
  );
  const [brush, setBrush] = useState<BrushRange | null>(null);
  const chartAlerts = useChartAlerts(view.filter, model?.range.from ?? 0, model?.range.to ?? 0);

  const onBrush = useCallback(
    (range: BrushRange) => {
      setBrush(range.full ? null : range);
      // Zooming into a moving window makes no sense: hold the picture still.
      if (live && !range.full) pause();
    },
    [live, pause],
  );

  if (!model) return null;
  const rangeText =
    view.range === 'custom'
      ? `${formatDateTime(model.range.from)} to ${formatDateTime(model.range.to)}`
      : `last ${RANGE_LABELS[view.range]}${live ? (paused ? ' (paused)' : ' (live)') : ''}`;

  return (
    <div className="overview">
      <Toolbar view={view} onChange={setView} options={filterOptions(model)} />
      <h1 className="page-title">
        Overview <span className="page-sub">{rangeText}</span>
        {Object.entries(view.filter).map(([k, v]) => (
          <span key={k} className="chip" data-testid={`active-filter-${k}`}>
            {k}: {v}
          </span>
        ))}
        {!live && (
          <button type="button" className="small" onClick={() => setRound((r) => r + 1)}>
            Refresh
          </button>
        )}
      </h1>
      {model.error && (
        <p className="notice notice-warn" role="status">
          Could not load from the server: {model.error.message}
        </p>
      )}
      {live && !paused && <NowBand view={view} linkable />}
      <WhatChanged view={view} from={model.range.from} to={model.range.to} />
      <KpiTiles
        kpis={model.kpis}
        recent={model.recent}
        windowLabel={view.range === 'custom' ? 'the range' : `the last ${RANGE_LABELS[view.range]}`}
        baseline={model.baseline}
        spike={model.spike}
        sparks={model.sparks}
        activeAlerts={activeAlerts}
      />

      <section className="panel" aria-labelledby="class-chart-title">
        <div className="panel-head">
          <h2 id="class-chart-title">Responses per second by class</h2>
          {brush && (
            <button
              type="button"
              onClick={() => {
                setBrush(null);
                setView({ ...view, range: 'custom', from: brush.from, to: brush.to });
              }}
            >
              Zoom to {formatDateTime(brush.from)} – {formatDateTime(brush.to)}
            </button>
          )}
        </div>
        <figure
          className="chart"
          aria-label={`Responses per second by SIP class, stacked, with the failure rate as a dashed line, ${rangeText}`}
          data-testid="class-chart"
          data-points={model.chart.length}
          data-responses={model.chartResponses}
          data-gaps={model.gaps.length}
          data-blank={model.chart.filter((p) => p.total === null).length}
        >
          <ClassRateChart
            key={`${view.range}-${paused}`}
            data={model.chart}
            spanMs={model.range.spanMs}
            stepMs={model.range.stepMs}
            height={320}
            brush
            onBrush={onBrush}
            thresholds={chartAlerts.thresholds}
            marks={chartAlerts.marks}
            gaps={model.gaps}
          />
          <figcaption className="visually-hidden" data-testid="class-chart-text">
            {describeChart(model.chart, model.gaps)}
          </figcaption>
        </figure>
        <ClassLegend byClass={model.byClass} search={carry} />
        {model.loading && model.chart.length === 0 && <p className="loading">Loading…</p>}
      </section>

      <div className="columns">
        <section className="panel" aria-labelledby="top-failures-title">
          <h2 id="top-failures-title">Top failure codes</h2>
          <TopFailuresTable lists={model.topFailures} points={model.points} search={carry} />
        </section>
        <section className="panel" aria-labelledby="trunks-title">
          <h2 id="trunks-title">Trunks</h2>
          <DimensionTable
            title="Trunks"
            rows={model.trunks}
            selected={view.filter.trunk}
            onSelect={(name) => setView(withFilter(view, 'trunk', name))}
          />
          <h2 id="sources-title">Sources</h2>
          <DimensionTable
            title="Sources"
            rows={model.sources}
            selected={view.filter.source}
            onSelect={(name) => setView(withFilter(view, 'source', name))}
          />
        </section>
      </div>
      <TimingPanel view={view} at={at} />
    </div>
  );
}
