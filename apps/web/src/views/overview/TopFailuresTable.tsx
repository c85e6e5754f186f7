import { memo } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import type { SeriesPoint } from '@sipwatch/server/wire';
import { Sparkline } from '../../charts/Sparkline';
import { binned } from '../../charts/series-data';
import { describeRatio } from '../../lib/baseline';
import { formatCount, formatPercent } from '../../lib/format';
import type { TopFailureRow } from '../../lib/top-failures';

const TREND_BINS = 20;

function trendOf(points: readonly SeriesPoint[], code: number): (number | null)[] {
  const key = String(code);
  return binned(points, TREND_BINS, (chunk) => chunk.reduce((n, p) => n + (p.byCode[key] ?? 0), 0));
}

/** Failure codes by count in the range. A click (or Enter on the code link) opens the drill-down. */
export const TopFailuresTable = memo(function TopFailuresTable({
  rows,
  points,
  search,
  compact = false,
  linkable = true,
}: {
  rows: TopFailureRow[];
  points: readonly SeriesPoint[];
  search: string;
  compact?: boolean;
  /** The wall shows the table without links: it has no controls. */
  linkable?: boolean;
}) {
  const navigate = useNavigate();
  if (rows.length === 0) {
    return <p className="empty">No failures in this range.</p>;
  }
  return (
    <table className="data-table top-failures" aria-label="Top failure codes">
      <thead>
        <tr>
          <th scope="col">Code</th>
          <th scope="col">Reason phrase</th>
          <th scope="col" className="num">
            Count
          </th>
          <th scope="col" className="num">
            Share
          </th>
          {!compact && <th scope="col">Trend</th>}
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr
            key={r.code}
            className={linkable ? 'clickable' : undefined}
            onClick={linkable ? () => navigate({ pathname: `/codes/${r.code}`, search }) : undefined}
          >
            <td>
              {linkable ? (
                <Link
                  to={{ pathname: `/codes/${r.code}`, search }}
                  className="code-link"
                  onClick={(e) => e.stopPropagation()}
                  aria-label={`${r.code}: open the drill-down`}
                >
                  {r.code}
                </Link>
              ) : (
                <span className="code-link">{r.code}</span>
              )}
            </td>
            <td className="reason">{r.reason}</td>
            <td className="num">{formatCount(r.count)}</td>
            <td className="num">{formatPercent(r.share)}</td>
            {!compact && (
              <td className="trend">
                <Sparkline
                  values={trendOf(points, r.code)}
                  label={`${r.code} count over the range`}
                  width={80}
                  height={20}
                />
                <span className="trend-text">{describeRatio(r.vsUsual) ?? ''}</span>
              </td>
            )}
          </tr>
        ))}
      </tbody>
    </table>
  );
});
