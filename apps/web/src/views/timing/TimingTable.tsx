import { memo } from 'react';
import type { TimingResponse, TimingRow } from '@sipwatch/wire';
import { formatCount, formatMs } from '@sipwatch/wire/metrics';

function Cells({ row }: { row: Pick<TimingRow, 'pdd' | 'setup'> }) {
  return (
    <>
      <td className="num">{formatCount(row.setup.count)}</td>
      <td className="num">{formatCount(row.pdd.count)}</td>
      <td className="num">{formatMs(row.pdd.p50)}</td>
      <td className="num">{formatMs(row.pdd.p95)}</td>
      <td className="num">{formatMs(row.setup.p50)}</td>
      <td className="num">{formatMs(row.setup.p95)}</td>
    </>
  );
}

/** True when no call in the answer was timed at all. */
export function hasNoTiming(data: TimingResponse): boolean {
  return data.trunks.every((r) => r.pdd.count === 0 && r.setup.count === 0);
}

/**
 * Post-dial delay (INVITE → first 18x) and setup time (INVITE → final response), p50 and p95 per
 * trunk, from the calls HEP captured. Trunk names come off the network: React renders them as text.
 */
export const TimingTable = memo(function TimingTable({
  data,
  loading,
}: {
  data: TimingResponse | undefined;
  loading: boolean;
}) {
  if (!data) return loading ? <p className="loading">Loading…</p> : null;
  if (hasNoTiming(data)) {
    return (
      <div className="empty" data-testid="timing-empty">
        <p>No timed calls in this range.</p>
        <p className="muted">
          Timing needs HEP capture: only HEP sees the INVITE and its replies, so calls reported by webhooks or
          syslog are not timed. See <code>apps/server/docs/hep.md</code> (Timing) to send HEP from Kamailio,
          OpenSIPS, FreeSWITCH or a capture agent.
        </p>
      </div>
    );
  }
  return (
    <div className="table-scroll">
      <table className="data-table timing-table" aria-label="Call setup timing">
        <thead>
          <tr>
            <th scope="col">Trunk</th>
            <th scope="col" className="num" title="Calls with a final response, abandoned calls left out">
              Calls timed
            </th>
            <th
              scope="col"
              className="num"
              title="Calls that rang (a 180 or 183): the post-dial delay's calls"
            >
              Rang
            </th>
            <th scope="col" className="num">
              PDD p50
            </th>
            <th scope="col" className="num">
              PDD p95
            </th>
            <th scope="col" className="num">
              Setup p50
            </th>
            <th scope="col" className="num">
              Setup p95
            </th>
          </tr>
        </thead>
        <tbody>
          {data.trunks.map((r) => (
            <tr key={r.trunk} data-testid="timing-row">
              <th scope="row">{r.trunk}</th>
              <Cells row={r} />
            </tr>
          ))}
        </tbody>
        {data.trunks.length > 1 && (
          <tfoot>
            <tr data-testid="timing-total">
              <th scope="row">All trunks</th>
              <Cells row={data.total} />
            </tr>
          </tfoot>
        )}
      </table>
    </div>
  );
});
