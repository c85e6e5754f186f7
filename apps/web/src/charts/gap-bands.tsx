import { ReferenceArea } from 'recharts';
import type { ServerGap } from '@sipwatch/wire';

/** The words on a band where the server was not running (tests and the text alternative use them too). */
export const GAP_LABEL = 'server not running';

/**
 * Shaded bands over the spans the server was not running, clipped to the points drawn (the axis
 * runs from the first to the last). Called, not rendered as a component: the chart takes its
 * children as they are.
 */
export function gapBands(
  gaps: readonly ServerGap[] | undefined,
  data: readonly { t: number }[],
  fontSize: number,
  yAxisId?: string,
) {
  const first = data[0]?.t;
  const last = data.at(-1)?.t;
  if (!gaps || first === undefined || last === undefined) return [];
  return gaps.flatMap((g) => {
    const x1 = Math.max(first, g.from);
    // A gap reaching past the last point ends at it: the axis stops there.
    const x2 = Math.min(last, g.to);
    if (x2 <= x1) return [];
    return [
      <ReferenceArea
        key={`gap-${g.from}`}
        {...(yAxisId !== undefined && { yAxisId })}
        x1={x1}
        x2={x2}
        fill="var(--gap)"
        fillOpacity={1}
        stroke="var(--muted)"
        strokeDasharray="2 3"
        ifOverflow="hidden"
        className="server-gap"
        label={{ value: GAP_LABEL, position: 'insideTop', fill: 'var(--fg)', fontSize }}
      />,
    ];
  });
}
