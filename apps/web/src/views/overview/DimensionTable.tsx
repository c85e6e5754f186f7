import { memo, useMemo, useState } from 'react';
import type { DimensionRow } from '@sipwatch/wire';
import { formatCount, formatPercent } from '@sipwatch/wire/metrics';

const COLUMNS = [
  { key: 'name', label: 'Name', numeric: false },
  { key: 'responses', label: 'Responses', numeric: true },
  { key: 'finals', label: 'Finals', numeric: true },
  { key: 'failures', label: 'Failures', numeric: true },
  { key: 'failureRate', label: 'Failure rate', numeric: true },
] as const;
type SortKey = (typeof COLUMNS)[number]['key'];

interface Sort {
  key: SortKey;
  desc: boolean;
}

export function sortRows(rows: readonly DimensionRow[], sort: Sort): DimensionRow[] {
  const dir = sort.desc ? -1 : 1;
  return [...rows].sort((a, b) => {
    if (sort.key === 'name') return dir * a.name.localeCompare(b.name);
    // Rows without finals (null rate) sort last either way.
    const av = a[sort.key];
    const bv = b[sort.key];
    if (av === null && bv === null) return a.name.localeCompare(b.name);
    if (av === null) return 1;
    if (bv === null) return -1;
    return dir * (av - bv) || a.name.localeCompare(b.name);
  });
}

/** Trunks or sources with volume and failure rate; sortable; a click filters the dashboard. */
export const DimensionTable = memo(function DimensionTable({
  title,
  rows,
  selected,
  onSelect,
}: {
  title: string;
  rows: readonly DimensionRow[];
  selected: string | undefined;
  onSelect: (name: string | undefined) => void;
}) {
  const [sort, setSort] = useState<Sort>({ key: 'failures', desc: true });
  const sorted = useMemo(() => sortRows(rows, sort), [rows, sort]);
  if (rows.length === 0) return <p className="empty">No {title.toLowerCase()} in this range.</p>;
  return (
    <table className="data-table" aria-label={title}>
      <thead>
        <tr>
          {COLUMNS.map((c) => (
            <th
              key={c.key}
              scope="col"
              className={c.numeric ? 'num' : undefined}
              aria-sort={sort.key === c.key ? (sort.desc ? 'descending' : 'ascending') : 'none'}
            >
              <button
                type="button"
                className="sort-button"
                onClick={() => setSort((s) => ({ key: c.key, desc: s.key === c.key ? !s.desc : c.numeric }))}
              >
                {c.label}
                <span aria-hidden="true">{sort.key === c.key ? (sort.desc ? ' ▼' : ' ▲') : ''}</span>
              </button>
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {sorted.map((r) => {
          const isSelected = r.name === selected;
          return (
            <tr key={r.name} className={isSelected ? 'selected' : undefined}>
              <td>
                <button
                  type="button"
                  className="link-button"
                  aria-pressed={isSelected}
                  aria-label={
                    isSelected ? `${r.name}: clear this filter` : `Filter the dashboard by ${r.name}`
                  }
                  onClick={() => onSelect(isSelected ? undefined : r.name)}
                >
                  {r.name}
                </button>
              </td>
              <td className="num">{formatCount(r.responses)}</td>
              <td className="num">{formatCount(r.finals)}</td>
              <td className="num">{formatCount(r.failures)}</td>
              <td className="num">{formatPercent(r.failureRate)}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
});
