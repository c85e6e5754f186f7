import { memo } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import type { SeriesPoint } from '@sipwatch/wire';
import { Sparkline } from '../../charts/Sparkline';
import { binned } from '../../charts/series-data';
import { describeRatio } from '../../lib/baseline';
import { formatCount, formatPercent } from '@sipwatch/wire/metrics';
import { APART_LABELS } from '@sipwatch/wire/metrics';
import type { TopFailureLists, TopFailureRow } from '../../lib/top-failures';

const TREND_BINS = 20;

function trendOf(points: readonly SeriesPoint[], code: number): (number | null)[] {
  const key = String(code);
  return binned(points, TREND_BINS, (chunk) => chunk.reduce((n, p) => n + (p.byCode[key] ?? 0), 0));
}

/** The outcome category as a mark: a network fault reads apart from a user's own outcome. */
function CategoryMark({ row }: { row: TopFailureRow }) {
  if (!row.category) return null;
  return (
    <span className={`category-mark category-${row.category}`} data-testid="category-mark">
      {row.category}
    </span>
  );
}

function vsUsualText(r: TopFailureRow): string {
  if (r.excess === null) return '';
  if (r.vsUsual === null) return 'new';
  return describeRatio(r.vsUsual) ?? '';
}

/** "Not failures: abandoned 487 ×400 · auth challenge 401 ×300, 407 ×120". */
function ApartLine({ lists }: { lists: TopFailureLists }) {
  const part = (label: string, rows: TopFailureRow[]) =>
    rows.length === 0 ? null : `${label} ${rows.map((r) => `${r.code} ×${formatCount(r.count)}`).join(', ')}`;
  const parts = [
    part(APART_LABELS.abandoned, lists.abandoned),
    part(APART_LABELS.challenges, lists.challenges),
  ];
  const text = parts.filter((p) => p !== null).join(' · ');
  if (!text) return null;
  return (
    <p className="top-failures-apart" data-testid="top-failures-apart">
      Left out of the failure rate: {text}
    </p>
  );
}

/**
 * Failure codes, biggest excess over the baseline first (by count without one), each with its
 * outcome category; abandoned calls and challenges listed apart below, never ranked. A click (or
 * Enter on the code link) opens the drill-down.
 */
export const TopFailuresTable = memo(function TopFailuresTable({
  lists,
  points,
  search,
  compact = false,
  linkable = true,
  limit,
}: {
  lists: TopFailureLists;
  points: readonly SeriesPoint[];
  search: string;
  compact?: boolean;
  /** The wall shows the table without links: it has no controls. */
  linkable?: boolean;
  limit?: number;
}) {
  const navigate = useNavigate();
  const rows = limit === undefined ? lists.failures : lists.failures.slice(0, limit);
  // Without a baseline there is nothing to compare with: no column of blanks.
  const compared = rows.some((r) => r.excess !== null);
  if (rows.length === 0) {
    return (
      <>
        <p className="empty">No failures in this range.</p>
        <ApartLine lists={lists} />
      </>
    );
  }
  return (
    <>
      <table className="data-table top-failures" aria-label="Top failure codes">
        <thead>
          <tr>
            <th scope="col">Code</th>
            <th scope="col">Reason phrase</th>
            <th scope="col">Kind</th>
            <th scope="col" className="num">
              Count
            </th>
            <th scope="col" className="num">
              Share
            </th>
            {compact ? compared && <th scope="col">vs usual</th> : <th scope="col">Trend</th>}
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr
              key={r.code}
              className={
                [linkable && 'clickable', r.category === 'network' && 'network-fault']
                  .filter(Boolean)
                  .join(' ') || undefined
              }
              data-code={r.code}
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
              <td>
                <CategoryMark row={r} />
              </td>
              <td className="num">{formatCount(r.count)}</td>
              <td className="num">{formatPercent(r.share)}</td>
              {compact && compared && <td className="vs-usual">{vsUsualText(r)}</td>}
              {!compact && (
                <td className="trend">
                  <Sparkline
                    values={trendOf(points, r.code)}
                    label={`${r.code} count over the range`}
                    width={80}
                    height={20}
                  />
                  <span className="trend-text">{vsUsualText(r)}</span>
                </td>
              )}
            </tr>
          ))}
        </tbody>
      </table>
      <ApartLine lists={lists} />
    </>
  );
});
