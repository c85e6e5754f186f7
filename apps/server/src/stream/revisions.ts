import type { TimedTable } from '../core/aggregator.js';
import { CellTable } from '../core/cell-table.js';
import type { Tally } from '../core/tally.js';
import type { EventFilter, SeriesPoint } from '@sipwatch/wire';

/** A tick revises at most this many seconds; past that the client asks for a new snapshot. */
export const MAX_REVISED_POINTS = 120;

export interface RevisionReader {
  tally(tables: readonly CellTable[], filter: EventFilter): Tally;
  secondPoint(second: number, filter: EventFilter): SeriesPoint;
}

/**
 * The already-sent 1-second points a subscription must replace: the late seconds (newest first)
 * where the late cells match its filter, within the snapshot's range, at most MAX_REVISED_POINTS.
 * Each point is the whole bucket as it stands now, so replacing by `t` is all a client does.
 */
export function revisedPoints(
  revised: readonly TimedTable[],
  closedSecond: number,
  snapshotSeconds: number,
  filter: EventFilter,
  reader: RevisionReader,
): SeriesPoint[] {
  const oldest = closedSecond - snapshotSeconds + 1;
  const points: SeriesPoint[] = [];
  for (const { at, table } of revised) {
    if (points.length === MAX_REVISED_POINTS) break;
    if (at < oldest || at >= closedSecond) continue;
    if (reader.tally([table], filter).responses === 0) continue;
    points.push(reader.secondPoint(at, filter));
  }
  return points;
}

/**
 * This node's late seconds and the other nodes' (cluster mode) as one list, newest first, one
 * entry per second: the cells of both, so a subscription sees a revision that concerns either.
 */
export function mergeRevisions(local: readonly TimedTable[], remote: readonly TimedTable[]): TimedTable[] {
  if (remote.length === 0) return [...local];
  const bySecond = new Map<number, CellTable[]>();
  for (const { at, table } of [...local, ...remote]) {
    const list = bySecond.get(at);
    if (list) list.push(table);
    else bySecond.set(at, [table]);
  }
  return [...bySecond]
    .map(([at, tables]) => ({ at, table: tables.length === 1 ? tables[0]! : sumOf(tables) }))
    .sort((a, b) => b.at - a.at);
}

function sumOf(tables: readonly CellTable[]): CellTable {
  const sum = new CellTable();
  for (const t of tables) sum.merge(t);
  return sum;
}
