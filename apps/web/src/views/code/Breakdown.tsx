import type { NamedCount } from '@sipwatch/wire';
import { formatCount, formatPercent, ratio } from '@sipwatch/wire/metrics';

type BreakdownItem = NamedCount;

/**
 * Where a code comes from: counts per trunk, source or method, biggest first. A name narrows the
 * page to it (and a second click clears that filter), as the overview's tables do.
 */
export function Breakdown({
  title,
  items,
  selected,
  onSelect,
}: {
  title: string;
  items: readonly BreakdownItem[];
  selected?: string | undefined;
  onSelect?: (name: string | undefined) => void;
}) {
  const total = items.reduce((n, i) => n + i.count, 0);
  const sorted = [...items]
    .filter((i) => i.count > 0)
    .sort((a, b) => b.count - a.count || a.name.localeCompare(b.name));
  return (
    <section className="breakdown" aria-label={`By ${title.toLowerCase()}`}>
      <h3>By {title.toLowerCase()}</h3>
      {sorted.length === 0 ? (
        <p className="empty">Nothing in this range.</p>
      ) : (
        <table className="data-table">
          <thead>
            <tr>
              <th scope="col">{title}</th>
              <th scope="col" className="num">
                Count
              </th>
              <th scope="col" className="num">
                Share
              </th>
            </tr>
          </thead>
          <tbody>
            {sorted.slice(0, 15).map((i) => (
              <tr key={i.name} className={i.name === selected ? 'selected' : undefined}>
                <td>
                  {onSelect ? (
                    <button
                      type="button"
                      className="link-button"
                      aria-pressed={i.name === selected}
                      aria-label={
                        i.name === selected
                          ? `${i.name}: clear this filter`
                          : `Narrow to ${title.toLowerCase()} ${i.name}`
                      }
                      onClick={() => onSelect(i.name === selected ? undefined : i.name)}
                    >
                      {i.name}
                    </button>
                  ) : (
                    i.name
                  )}
                </td>
                <td className="num">{formatCount(i.count)}</td>
                <td className="num">{formatPercent(ratio(i.count, total))}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
