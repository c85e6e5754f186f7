import type { ViewState } from '../../lib/view-state';
import { isLiveRange } from '../../lib/view-state';
import { TimingTable } from './TimingTable';
import { useTiming } from './use-timing';

/** The overview's "Call setup timing" panel: the table, what it measures, and what it leaves out. */
export function TimingPanel({ view, at }: { view: ViewState; at: number }) {
  const timing = useTiming(view, at);
  const otherFilters = (['source', 'method'] as const).filter((k) => view.filter[k] !== undefined);
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
      <TimingTable data={timing.data} loading={timing.loading} />
    </section>
  );
}
