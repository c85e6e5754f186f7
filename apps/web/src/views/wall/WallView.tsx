import { SIP_CLASSES } from '@sipwatch/codes';
import { ClassRateChart } from '../../charts/ClassRateChart';
import { describeChart } from '../../charts/series-data';
import { formatClock, formatPercent, formatRate, timeZoneLabel } from '@sipwatch/wire/metrics';
import { describePoints, pointsDiff } from '../../lib/baseline';
import { useViewState } from '../../lib/use-view-state';
import { RANGE_LABELS, isLiveRange } from '../../lib/view-state';
import { useMemo } from 'react';
import { useLive } from '../../store/react';
import { ClassLegend } from '../overview/ClassLegend';
import { TopFailuresTable } from '../overview/TopFailuresTable';
import { useHistoryOverview, useLiveOverview } from '../overview/use-overview';
import { FreshnessBadge } from '../shell/FreshnessBadge';
import { LocalAccessBadge } from '../shell/LocalAccessBadge';
import { useLiveHonesty } from '../shell/use-live-honesty';
import { useChartAlerts } from '../alerts/chart-alerts';
import { useWallTiming } from './use-wall-timing';
import { WallTiming } from './WallTiming';
import { NowBand } from '../now/NowBand';

/** The time now; while the figures are old, the time they are from instead, marked as such. */
function Clock({ live }: { live: boolean }) {
  const now = useLive((s) => s.now);
  const { dimmed, asOf } = useLiveHonesty(live);
  const shown = dimmed && asOf !== null ? asOf : now || Date.now();
  return (
    <time
      className={`wall-clock${dimmed ? ' wall-clock-stale' : ''}`}
      data-testid="wall-clock"
      dateTime={new Date(shown).toISOString()}
    >
      {dimmed && asOf !== null && <span className="wall-clock-as-of">as of </span>}
      {formatClock(shown)}
      <span className="wall-clock-zone"> {timeZoneLabel(shown)}</span>
    </time>
  );
}

/**
 * The NOC wall (`?kiosk`): no controls, dark, high contrast, type readable across the room, a
 * clock and an honest freshness indicator. Renders once per tick at most.
 */
export default function WallView() {
  const [view] = useViewState();
  const live = isLiveRange(view.range);
  // eslint-disable-next-line react-hooks/exhaustive-deps
  const at = useMemo(() => Date.now(), [view.range, view.from, view.to]);
  const liveModel = useLiveOverview(view, live);
  const historyModel = useHistoryOverview(view, !live, at);
  const model = live ? liveModel : historyModel;
  const chartAlerts = useChartAlerts(view.filter, model?.range.from ?? 0, model?.range.to ?? 0);
  const timing = useWallTiming(view, at);
  if (!model) return null;
  const k = model.kpis;
  const usual = model.baseline?.baseline.kpis;
  const failureChange = describePoints(pointsDiff(k?.failureRate, usual?.failureRate));
  const filters = Object.entries(view.filter)
    .map(([key, value]) => `${key} ${value}`)
    .join(' · ');

  return (
    <div
      className={`wall${timing ? ' wall-with-timing' : ''}${live ? ' wall-with-now' : ''}`}
      data-testid="wall"
    >
      <header className="wall-header">
        <span className="wall-brand">sipwatch</span>
        <span className="wall-scope">
          {view.range === 'custom' ? 'custom range' : `last ${RANGE_LABELS[view.range]}`}
          {filters && ` · ${filters}`}
        </span>
        <LocalAccessBadge small />
        <FreshnessBadge large />
        <Clock live={live} />
      </header>
      {live && <NowBand view={view} linkable={false} large />}
      <section className="wall-kpis" aria-label="Key figures">
        <article className="wall-main" aria-labelledby="wall-fr-label" data-testid="tile-failure-rate">
          <h2 id="wall-fr-label">Failure rate</h2>
          <p className="wall-main-value" data-testid="kpi-failure-rate">
            {formatPercent(k?.failureRate)}
          </p>
          <p className="wall-change">
            {failureChange ?? ''}
            {failureChange && model.spike && ' · '}
            {model.spike && <span className="tile-spike">{model.spike.text}</span>}
          </p>
        </article>
        <div className="wall-side">
          <article aria-labelledby="wall-rps-label" data-testid="tile-responses">
            <h2 id="wall-rps-label">
              Responses/s{' '}
              <span className="wall-label-note">
                {model.recent ? `last ${model.recent.seconds} s` : 'range mean'}
              </span>
            </h2>
            <p className="wall-value" data-testid="kpi-responses">
              {formatRate(model.recent ? model.recent.perSec : k?.responsesPerSec)}
            </p>
          </article>
          <article aria-labelledby="wall-asr-label" data-testid="tile-asr">
            <h2 id="wall-asr-label">ASR</h2>
            <p className="wall-value" data-testid="kpi-asr">
              {formatPercent(k?.asr, 0)}
            </p>
          </article>
          <article aria-labelledby="wall-ner-label" data-testid="tile-ner">
            <h2 id="wall-ner-label">NER</h2>
            <p className="wall-value" data-testid="kpi-ner">
              {formatPercent(k?.ner, 0)}
            </p>
          </article>
        </div>
      </section>
      {timing && <WallTiming model={timing} view={view} />}
      <div className="wall-bottom">
        <figure
          className="chart wall-chart"
          aria-label="Responses per second by SIP class with the failure rate"
          data-testid="class-chart"
          data-points={model.chart.length}
          data-responses={model.chartResponses}
        >
          <div className="wall-chart-area">
            <ClassRateChart
              data={model.chart}
              spanMs={model.range.spanMs}
              stepMs={model.range.stepMs}
              height="100%"
              classes={SIP_CLASSES}
              large
              thresholds={chartAlerts.thresholds}
              marks={chartAlerts.marks}
              gaps={model.gaps}
            />
          </div>
          <ClassLegend byClass={model.byClass} search="" linkable={false} />
          <figcaption className="visually-hidden">{describeChart(model.chart, model.gaps)}</figcaption>
        </figure>
        <section className="wall-top" aria-labelledby="wall-top-title">
          <h2 id="wall-top-title">
            Top failures{' '}
            <span className="wall-label-note">
              {view.range === 'custom' ? 'the range' : `last ${RANGE_LABELS[view.range]}`}
              {model.baseline ? `, biggest rise over ${model.baseline.label} first` : ''}
            </span>
          </h2>
          <TopFailuresTable
            lists={model.topFailures}
            limit={6}
            points={model.points}
            search=""
            compact
            linkable={false}
          />
        </section>
      </div>
    </div>
  );
}
