import { memo } from 'react';
import type { Kpis } from '@sipwatch/wire';
import { Sparkline } from '../../charts/Sparkline';
import type { ChosenBaseline, CodeSpike } from '../../lib/baseline';
import { describePoints, describeRatio, pointsDiff, ratio } from '../../lib/baseline';
import { formatCount, formatPercent, formatRate } from '@sipwatch/wire/metrics';
import type { RecentRate } from '../../lib/recent-rate';
import type { Sparks } from './use-overview';

type Direction = 'higher-is-worse' | 'higher-is-better' | 'neutral';

interface TileProps {
  id: string;
  label: string;
  value: string;
  unit?: string;
  change: string | null;
  /** A line of context under the value, before the change. */
  detail?: string;
  /** Shown instead of the change when the tile has no baseline by nature. */
  note?: string;
  /** How the change reads: worse, better or just different. Shown as an arrow and a word too. */
  tone: 'worse' | 'better' | 'neutral';
  spike?: string | null;
  spark: readonly (number | null)[];
  sparkLabel: string;
}

function toneOf(delta: number | null, direction: Direction): TileProps['tone'] {
  if (delta === null || direction === 'neutral' || Math.abs(delta) < 0.05) return 'neutral';
  const up = delta > 0;
  return (direction === 'higher-is-worse') === up ? 'worse' : 'better';
}

const TONE_MARK = { worse: '▲ worse: ', better: '▼ better: ', neutral: '' } as const;

function Tile({ id, label, value, unit, change, detail, note, tone, spike, spark, sparkLabel }: TileProps) {
  return (
    <article className={`tile tile-${tone}`} aria-labelledby={`${id}-label`} data-testid={`tile-${id}`}>
      <h2 className="tile-label" id={`${id}-label`}>
        {label}
      </h2>
      <p className="tile-value" data-testid={`kpi-${id}`}>
        {value}
        {unit && <span className="tile-unit">{unit}</span>}
      </p>
      {detail && (
        <p className="tile-detail" data-testid={`detail-${id}`}>
          {detail}
        </p>
      )}
      <p className="tile-change">{note ?? (change ? `${TONE_MARK[tone]}${change}` : 'no baseline yet')}</p>
      {spike && (
        <p className="tile-spike" data-testid="spike">
          {spike}
        </p>
      )}
      <Sparkline values={spark} label={sparkLabel} />
    </article>
  );
}

export interface KpiTilesProps {
  kpis: Kpis | null;
  /** Live: the rate over the newest seconds; null for history ranges (the range's mean is shown). */
  recent: RecentRate | null;
  /** "the last 15 min": the window the total and the baseline comparison are over. */
  windowLabel: string;
  baseline: ChosenBaseline | null;
  spike: CodeSpike | null;
  sparks: Sparks;
  /** Set once alerts exist (the alerts issue); the tile is left out until then. */
  activeAlerts?: number;
}

/** The four numbers a NOC reads first, each against the baseline window, with a trend line. */
export const KpiTiles = memo(function KpiTiles({
  kpis,
  recent,
  windowLabel,
  baseline,
  spike,
  sparks,
  activeAlerts,
}: KpiTilesProps) {
  const usual = baseline?.baseline.kpis;
  const suffix = baseline ? ` (${baseline.label})` : '';
  const withSuffix = (s: string | null) => (s ? s + suffix : null);
  const rRatio = ratio(kpis?.responsesPerSec, usual?.responsesPerSec);
  const fDiff = pointsDiff(kpis?.failureRate, usual?.failureRate);
  const aDiff = pointsDiff(kpis?.asr, usual?.asr);
  const nDiff = pointsDiff(kpis?.ner, usual?.ner);
  return (
    <section className="tiles" aria-label="Key figures">
      <Tile
        id="failure-rate"
        label="Failure rate"
        value={formatPercent(kpis?.failureRate)}
        change={withSuffix(describePoints(fDiff))}
        tone={toneOf(fDiff, 'higher-is-worse')}
        spike={spike?.text ?? null}
        spark={sparks.failureRate}
        sparkLabel="Failure rate trend"
      />
      <Tile
        id="responses"
        label={recent ? `Responses/s · last ${recent.seconds} s` : 'Responses/s · range mean'}
        value={formatRate(recent ? recent.perSec : kpis?.responsesPerSec)}
        unit="/s"
        detail={kpis ? `${formatCount(kpis.responses)} in ${windowLabel}` : undefined}
        change={withSuffix(describeRatio(rRatio))}
        tone="neutral"
        spark={sparks.responses}
        sparkLabel="Responses per second trend"
      />
      <Tile
        id="asr"
        label="ASR"
        value={formatPercent(kpis?.asr)}
        change={withSuffix(describePoints(aDiff))}
        tone={toneOf(aDiff, 'higher-is-better')}
        spark={sparks.asr}
        sparkLabel="Answer-seizure ratio trend"
      />
      <Tile
        id="ner"
        label="NER"
        value={formatPercent(kpis?.ner)}
        change={withSuffix(describePoints(nDiff))}
        tone={toneOf(nDiff, 'higher-is-better')}
        spark={sparks.ner}
        sparkLabel="Network effectiveness ratio trend"
      />
      {activeAlerts !== undefined && (
        <Tile
          id="alerts"
          label="Active alerts"
          value={String(activeAlerts)}
          change={null}
          note={activeAlerts === 0 ? 'all clear' : 'firing now'}
          tone={activeAlerts > 0 ? 'worse' : 'neutral'}
          spark={[]}
          sparkLabel="Active alerts"
        />
      )}
    </section>
  );
});
