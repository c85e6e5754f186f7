import type { NamedCount } from '@sipwatch/server/wire';
import { formatCount, formatPercent } from '../../lib/format';

type BreakdownItem = NamedCount;

/** Where a code comes from: counts per trunk, source or method, biggest first. */
export function Breakdown({ title, items }: { title: string; items: readonly BreakdownItem[] }) {
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
              <tr key={i.name}>
                <td>{i.name}</td>
                <td className="num">{formatCount(i.count)}</td>
                <td className="num">{formatPercent(total > 0 ? i.count / total : null)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
