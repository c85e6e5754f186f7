import type { TimingResponse } from '@sipwatch/wire';
import type { ViewState } from '../../lib/view-state';
import { RANGE_LABELS, isLiveRange } from '../../lib/view-state';
import { formatDateTime } from '@sipwatch/wire/metrics';
import { TimingChart } from './TimingChart';
import { TimingTable } from './TimingTable';
import { useTiming } from './use-timing';

/** The span the answer covers, in words: "last 15 min", or its bounds for a history range. */
function timingRangeText(view: ViewState, data: TimingResponse | undefined): string {
  if (isLiveRange(view.range)) return `last ${RANGE_LABELS[view.range]}`;
  return data ? `${formatDateTime(data.window.from)} to ${formatDateTime(data.window.to)}` : '';
}

/**
 * The overview's "Call setup timing" panel: the chart over the window and the table per trunk, what
 * they measure, and what they leave out.
 */
export function TimingPanel({ view, at }: { view: ViewState; at: number }) {
  const timing = useTiming(view, at);
  const otherFilters = (['source', 'method'] as const).filter((k) => view.filter[k] !== undefined);
  const trunkText = view.filter.trunk === undefined ? 'all trunks' : `trunk ${view.filter.trunk}`;
  const scope = `${timingRangeText(view, timing.data)}, ${trunkText}`;
  return (
    <section className="panel" aria-labelledby="timing-title" data-testid="timing-panel">
      <h2 id="timing-title">
        Call setup timing
        {view.filter.trunk !== undefined && <span className="page-sub"> trunk {view.filter.trunk}</span>}
      </h2>
      <p className="muted panel-note">
        Post-dial delay (PDD): INVITE to the first 180/183. Setup time: INVITE to the final response. Measured
        on the calls HEP captured.
      </p>
      {otherFilters.length > 0 && (
        <p className="muted panel-note" data-testid="timing-filter-note">
          Timing is kept per trunk: the {otherFilters.join(' and ')} filter does not narrow it.
        </p>
      )}
      {!isLiveRange(view.range) && (
        <p className="muted panel-note">
          Timing is held in memory for the live window only (the last hour by default): older calls are not in
          it.
        </p>
      )}
      {timing.error && (
        <p className="notice notice-warn" role="status">
          Could not load the call timing: {timing.error.message}
        </p>
      )}
      {timing.data && (
        <TimingChart
          series={timing.data.series}
          stepMs={timing.data.stepMs}
          spanMs={timing.data.window.to - timing.data.window.from}
          scope={scope}
        />
      )}
      <TimingTable data={timing.data} loading={timing.loading} />
    </section>
  );
}
