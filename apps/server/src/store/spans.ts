import type { Database, Statement } from 'better-sqlite3';
import { CellTable } from '../core/cell-table.js';
import { decodeCells, encodeCells } from './cell-codec.js';

/**
 * Coarser rollups over the minute rollups, so a read over weeks sums a few dozen tables instead of
 * tens of thousands: spans of 5, 15 and 30 minutes (the dashboard's steps), an hour and a (UTC)
 * day, each the sum of the next finer ones. Each span row is kept equal to the sum of the minute
 * rows it covers (written in the same transaction as they are); a span without a row has no
 * minute rows.
 */

/** Span sizes in minutes, coarsest first; each divides the one before, and 1 (a minute) ends it. */
export const SPAN_SIZES = [1440, 60, 30, 15, 5] as const;
const SIZES: readonly number[] = [...SPAN_SIZES, 1];

/** `size` minutes from minute `start` (a multiple of `size`); size 1 is a minute row. */
export interface Block {
  size: number;
  start: number;
}

/**
 * The fewest blocks that together cover the minutes [from, to) once each: whole days, then
 * hours, half and quarter hours, 5 minutes and minutes towards the ends. Ordered by size, then
 * by start.
 */
export function blocksOf(from: number, to: number): Block[] {
  const out: Block[][] = SIZES.map(() => []);
  const cover = (a: number, b: number, level: number): void => {
    if (a >= b) return;
    const size = SIZES[level]!;
    const first = Math.ceil(a / size) * size;
    const last = Math.floor(b / size) * size;
    if (size === 1 || first >= last) {
      if (size === 1) for (let m = a; m < b; m++) out[level]!.push({ size, start: m });
      else cover(a, b, level + 1);
      return;
    }
    cover(a, first, level + 1);
    for (let s = first; s < last; s += size) out[level]!.push({ size, start: s });
    cover(last, b, level + 1);
  };
  cover(from, to, 0);
  for (const list of out) list.sort((x, y) => x.start - y.start);
  return out.flat();
}

/** The start of the block of `size` holding minute `m`. */
export const blockStart = (m: number, size: number): number => Math.floor(m / size) * size;

/**
 * Keeps the span rows equal to the sums of their minutes: `rebuild` after minutes were written,
 * `prune` after old minutes were deleted. Runs where the minutes are written (the writer thread;
 * the migration that creates the table).
 */
export class SpanRollups {
  private readonly stmt: {
    minutes: Statement<[number, number], { cells: Buffer }>;
    spans: Statement<[number, number, number], { cells: Buffer }>;
    put: Statement<[number, number, Buffer]>;
    drop: Statement<[number, number]>;
    dropBefore: Statement<[number, number, number]>;
  };

  constructor(db: Database) {
    this.stmt = {
      minutes: db.prepare('SELECT cells FROM rollup_minute WHERE minute >= ? AND minute < ?'),
      spans: db.prepare('SELECT cells FROM rollup_span WHERE size = ? AND start >= ? AND start < ?'),
      put: db.prepare('INSERT OR REPLACE INTO rollup_span (size, start, cells) VALUES (?, ?, ?)'),
      drop: db.prepare('DELETE FROM rollup_span WHERE size = ? AND start = ?'),
      dropBefore: db.prepare('DELETE FROM rollup_span WHERE size = ? AND start + ? <= ?'),
    };
  }

  /** Recomputes every span holding one of these minutes, finest first. */
  rebuild(minutes: Iterable<number>): void {
    let finer = 1;
    let changed = new Set(minutes);
    for (const size of [...SPAN_SIZES].reverse()) {
      const starts = new Set<number>();
      for (const m of changed) starts.add(blockStart(m, size));
      for (const start of starts) {
        const rows =
          finer === 1
            ? this.stmt.minutes.all(start, start + size)
            : this.stmt.spans.all(finer, start, start + size);
        const sum = new CellTable();
        for (const row of rows) sum.merge(decodeCells(row.cells));
        if (sum.size === 0) this.stmt.drop.run(size, start);
        else this.stmt.put.run(size, start, encodeCells(sum));
      }
      finer = size;
      changed = starts;
    }
  }

  /** After the minutes before `cutoff` were deleted: drops the spans wholly before, redoes the one across. */
  prune(cutoff: number): number {
    let dropped = 0;
    for (const size of SPAN_SIZES) dropped += this.stmt.dropBefore.run(size, size, cutoff).changes;
    this.rebuild([cutoff]);
    return dropped;
  }
}
