import { memo } from 'react';
import { Link } from 'react-router-dom';
import { CLASS_NAMES, SIP_CLASSES } from '@sipwatch/codes';
import type { SipClass } from '@sipwatch/codes';
import type { ClassCounts } from '@sipwatch/wire';
import { CLASS_COLORS } from '../../lib/palette';
import { formatCount } from '@sipwatch/wire/metrics';

/**
 * The chart's legend as text: class, name, count in the range. Each class links to its codes,
 * so the colour is never the only way to tell the series apart.
 */
export const ClassLegend = memo(function ClassLegend({
  byClass,
  search,
  classes = SIP_CLASSES,
  linkable = true,
}: {
  byClass: ClassCounts | null;
  search: string;
  classes?: readonly SipClass[];
  linkable?: boolean;
}) {
  return (
    <ul className="legend" aria-label="Legend: responses by class" data-testid="class-legend">
      {classes.map((cls) => {
        const body = (
          <>
            <span className="swatch" style={{ background: CLASS_COLORS[cls] }} aria-hidden="true" />
            <span className="legend-class">{cls}</span>{' '}
            <span className="legend-name">{CLASS_NAMES[cls]}</span>{' '}
            <span className="legend-count" data-testid={`class-count-${cls}`}>
              {formatCount(byClass?.[cls] ?? null)}
            </span>
          </>
        );
        return (
          <li key={cls}>
            {linkable ? (
              // The name is the visible text and then what the link does, so a voice user can say what they see.
              <Link to={{ pathname: `/classes/${cls}`, search }}>
                {body}
                <span className="visually-hidden">: show its codes</span>
              </Link>
            ) : (
              body
            )}
          </li>
        );
      })}
      <li>
        <span className="swatch swatch-line" aria-hidden="true" />
        Failure rate (dashed, right axis)
      </li>
    </ul>
  );
});
