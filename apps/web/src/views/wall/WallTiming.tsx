import type { TimingStats } from '@sipwatch/wire';
import { formatClock, formatCount, formatDelay } from '@sipwatch/wire/metrics';
import type { ViewState } from '../../lib/view-state';
import { isLiveRange } from '../../lib/view-state';
import type { WallTimingModel } from './wall-timing';

function Figure({ id, label, note, stats }: { id: string; label: string; note: string; stats: TimingStats }) {
  return (
    <article className="wall-timing-figure" aria-labelledby={`${id}-label`} data-testid={id}>
      <h2 id={`${id}-label`}>
        {label} <span className="wall-timing-note">{note}</span>
      </h2>
      <p className="wall-timing-line">
        <span className="wall-timing-value" data-testid={`${id}-p95`}>
          {formatDelay(stats.p95)}
        </span>{' '}
        <span className="wall-timing-sub" data-testid={`${id}-sub`}>
          <span>p50 {formatDelay(stats.p50)}</span>{' '}
          <span>
            {formatCount(stats.count)} {stats.count === 1 ? 'call' : 'calls'}
          </span>
        </span>
      </p>
    </article>
  );
}

/** What the figures leave out, when the view asks for more than timing keeps. */
function scopeNote(view: ViewState): string | null {
  const notes: string[] = [];
  if (!isLiveRange(view.range)) notes.push('live window only');
  const ignored = (['source', 'method'] as const).filter((k) => view.filter[k] !== undefined);
  if (ignored.length > 0) notes.push(`not narrowed by the ${ignored.join(' and ')} filter`);
  return notes.length > 0 ? `Call timing: ${notes.join(', ')}.` : null;
}

/**
 * The wall's call timing: PDD and setup p95 of all trunks (p50 and calls beside them) and the
 * trunks slowest to ring. Trunk names come off the network: React renders them as text.
 */
export function WallTiming({ model, view }: { model: WallTimingModel; view: ViewState }) {
  const note = scopeNote(view);
  return (
    <section
      className={`wall-timing${model.worst.length === 0 ? ' wall-timing-total-only' : ''}${model.stale ? ' wall-timing-stale' : ''}`}
      aria-label="Call timing"
      data-testid="wall-timing"
      data-stale={model.stale}
    >
      <div className="wall-timing-figures">
        <Figure id="wall-pdd" label="PDD p95" note="to ringing" stats={model.total.pdd} />
        <Figure id="wall-setup" label="Setup p95" note="to final response" stats={model.total.setup} />
      </div>
      {model.worst.length > 0 && (
        <article className="wall-timing-worst" aria-labelledby="wall-worst-label" data-testid="wall-worst">
          <h2 id="wall-worst-label">
            Slowest to ring <span className="wall-timing-note">PDD p95 by trunk</span>
          </h2>
          <ol>
            {model.worst.map((r) => (
              <li key={r.trunk} data-testid="wall-worst-trunk">
                <span className="wall-worst-name" title={r.trunk}>
                  {r.trunk}
                </span>
                <span className="wall-worst-value">{formatDelay(r.pdd.p95)}</span>
              </li>
            ))}
          </ol>
        </article>
      )}
      {(model.stale || note) && (
        <p className="wall-timing-foot">
          {model.stale && (
            <strong className="wall-timing-stale-note" role="status" data-testid="wall-timing-stale">
              Timing not updated since {formatClock(model.asOf)}
            </strong>
          )}
          {model.stale && note && ' '}
          {note}
        </p>
      )}
    </section>
  );
}
