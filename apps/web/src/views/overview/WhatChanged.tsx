import { Link } from 'react-router-dom';
import type { ExplainedSlice, LiveWindow } from '@sipwatch/wire';
import { baselineCovered, explanationLine, sliceLabel } from '@sipwatch/wire';
import { formatClock } from '@sipwatch/wire/metrics';
import { useExplanation } from '../../api/use-explanation';
import type { ViewState } from '../../lib/view-state';
import { isLiveRange, toSearch, writeViewState } from '../../lib/view-state';
import { useLive } from '../../store/react';

/** The registry's first checks shown under the line. */
const CHECKS_SHOWN = 3;

/** Where a slice's drill-down is: its code's page filtered to the slice, or the overview filtered. */
export function sliceLink(view: ViewState, s: ExplainedSlice): { pathname: string; search: string } {
  const filter = { ...view.filter };
  if (s.slice.trunk !== undefined) filter.trunk = s.slice.trunk;
  if (s.slice.source !== undefined) filter.source = s.slice.source;
  if (s.slice.method !== undefined) filter.method = s.slice.method;
  const search = toSearch(writeViewState({ ...view, filter }));
  return { pathname: s.slice.code !== undefined ? `/codes/${s.slice.code}` : '/', search };
}

/**
 * "What changed": the slices holding the live window's failures beyond an hour ago (or the
 * previous 30 minutes), in one sentence, with the first checks for the top code. Plain text only.
 */
export function WhatChanged({ view, from, to }: { view: ViewState; from: number; to: number }) {
  const live = isLiveRange(view.range);
  const paused = useLive((s) => s.frozen !== null);
  // Live windows only: an explanation is not sliced, and over days it would hold the server up.
  const e = useExplanation(live ? (!paused ? (view.range as LiveWindow) : { from, to }) : null, view.filter);
  if (!live || !e) return null;
  const known = baselineCovered(e.baseline.covered);
  const phraseOf = (s: ExplainedSlice) =>
    e.code && e.code.code === s.slice.code ? e.code.phrase : undefined;
  return (
    <section
      className={`panel what-changed what-changed-${e.verdict}`}
      aria-labelledby="what-changed-title"
      data-testid="what-changed"
    >
      <h2 id="what-changed-title">What changed</h2>
      <p className="what-changed-line" data-testid="what-changed-line">
        {explanationLine(e, formatClock)}
      </p>
      {e.slices.length > 0 && (
        <ul className="what-changed-list">
          {e.slices.map((s) => (
            <li key={JSON.stringify(s.slice)}>
              <Link to={sliceLink(view, s)} data-testid="what-changed-link">
                {sliceLabel(s.slice, phraseOf(s))}
              </Link>{' '}
              {Math.round(s.share * 100)}% of the {known ? 'extra failures' : 'failures (no baseline yet)'}
            </li>
          ))}
        </ul>
      )}
      {e.verdict === 'slices' && e.code && e.code.checks.length > 0 && (
        <div className="what-changed-checks">
          <h3>
            First checks for {e.code.code} {e.code.phrase}
          </h3>
          <ul>
            {e.code.checks.slice(0, CHECKS_SHOWN).map((c) => (
              <li key={c}>{c}</li>
            ))}
          </ul>
        </div>
      )}
    </section>
  );
}
