import { useId } from 'react';
import { PreviewChart } from './PreviewChart';
import type { PreviewState } from './preview-text';
import {
  flappingAdvice,
  previewIntervals,
  previewNotes,
  previewPeak,
  previewResolution,
  previewSentence,
} from './preview-text';

/** The backtest before saving: how often the rule as typed would have fired on the last 24 hours. */
export function RulePreview({
  state,
  current,
  onPreview,
  span = 'the last 24 hours',
  unavailable = null,
}: {
  state: PreviewState | null;
  /** The form's content now; a preview of other content is marked as outdated. */
  current: string;
  onPreview: () => void;
  /** What the preview replays, as words after "Preview on". */
  span?: string;
  /** Why this rule cannot be backtested (a metric with no stored history); null when it can. */
  unavailable?: string | null;
}) {
  const id = useId();
  if (unavailable !== null) {
    return (
      <section className="rule-preview" aria-label="Preview">
        <button type="button" disabled aria-describedby={`${id}-why`}>
          Preview on {span}
        </button>
        <p id={`${id}-why`} className="muted" data-testid="preview-unavailable">
          No preview for this metric. {unavailable}
        </p>
      </section>
    );
  }
  const stale = state !== null && state.key !== current;
  return (
    <section className="rule-preview" aria-label="Preview">
      <button type="button" onClick={onPreview} disabled={state?.busy}>
        {state?.busy ? 'Previewing…' : `Preview on ${span}`}
      </button>
      <div role="status" data-testid="preview" className={stale ? 'preview-stale' : undefined}>
        {state?.result && (
          <>
            <div id={`${id}-words`}>
              <p className="preview-sentence">{previewSentence(state.result)}</p>
              {state.spec &&
                previewPeak(state.result, state.spec).map((n) => (
                  <p key={n} data-testid="preview-peak">
                    {n}
                  </p>
                ))}
              {previewNotes(state.result).map((n) => (
                <p key={n} className="muted">
                  {n}
                </p>
              ))}
            </div>
            {state.spec && advice(state.result, state.spec)}
            {state.spec && state.result.points.length > 0 && (
              <PreviewChart result={state.result} rule={state.spec} describedBy={`${id}-words`} />
            )}
            {state.spec && previewResolution(state.result, state.spec) && (
              <p className="muted" data-testid="preview-resolution">
                {previewResolution(state.result, state.spec)}
              </p>
            )}
            {state.result.intervals.length > 0 && (
              <ul className="preview-intervals">
                {previewIntervals(state.result).map((t, i) => (
                  <li key={i}>{t}</li>
                ))}
              </ul>
            )}
            {stale && <p className="muted">The form changed since this preview: preview again.</p>}
          </>
        )}
        {state?.error && <p className="form-error">Preview failed: {state.error}</p>}
      </div>
    </section>
  );
}

function advice(result: NonNullable<PreviewState['result']>, spec: NonNullable<PreviewState['spec']>) {
  const text = flappingAdvice(result, spec);
  if (!text) return null;
  return (
    <p className="notice notice-warn" data-testid="preview-flapping">
      {text}
    </p>
  );
}
