import { formatAxisTime } from '@sipwatch/wire/metrics';

/** The x axis every rate chart shares: time from the first point to the last, labelled for the span. */
export function timeAxisProps(spanMs: number, fontSize = 12) {
  return {
    dataKey: 't',
    type: 'number',
    scale: 'time',
    domain: ['dataMin', 'dataMax'],
    tickFormatter: (t: number) => formatAxisTime(t, spanMs),
    stroke: 'var(--muted)',
    tick: { fontSize, fill: 'var(--muted)' },
    // The axis measures its labels with its own fontSize when it thins them out.
    fontSize,
    minTickGap: 40,
  } as const;
}
