import { CellTable } from '../core/cell-table.js';
import type { Block } from './spans.js';
import { blockStart, SPAN_SIZES } from './spans.js';

/**
 * Decoded minute and span rollups, least recently used out first, bounded by the cells they hold
 * (about 12 bytes each). A block is never kept while a write or prune that changes it is on its way
 * to the writer thread: between its commit and its `end` a read would see either version, so such
 * reads go to SQLite every time until the write is done, and the block is dropped again then.
 */

/** What a write (its minutes) or a prune (everything before a minute) changes. */
export type Change = { minutes: readonly number[] } | { before: number };

interface Pending {
  keys: Set<number> | undefined;
  before: number;
}

const SIZES: readonly number[] = [1, ...[...SPAN_SIZES].reverse()];
const LEVEL = new Map(SIZES.map((size, i) => [size, i]));
const keyOf = (size: number, start: number): number => start * 8 + LEVEL.get(size)!;

/** Cells kept by default (about 24 MB): the dashboard's 24-hour and 7-day views of 100 busy trunks. */
export const DEFAULT_CACHE_CELLS = 2_000_000;

export const EMPTY = new CellTable();

export class RollupCache {
  private readonly entries = new Map<number, CellTable>();
  private cells = 0;
  private readonly pending = new Set<Pending>();

  constructor(private readonly budgetCells = DEFAULT_CACHE_CELLS) {}

  /** A write or prune is under way: forget what it changes and keep it out until `end`. */
  begin(change: Change): Pending {
    const p: Pending =
      'before' in change
        ? { keys: undefined, before: change.before }
        : { keys: blockKeys(change.minutes), before: -Infinity };
    this.pending.add(p);
    this.forget(p);
    return p;
  }

  end(p: Pending): void {
    this.pending.delete(p);
    this.forget(p);
  }

  get(block: Block): CellTable | undefined {
    const key = keyOf(block.size, block.start);
    const table = this.entries.get(key);
    if (table) {
      this.entries.delete(key);
      this.entries.set(key, table);
    }
    return table;
  }

  /** Keeps a block read from the database (EMPTY when it has no row), unless a change is pending. */
  put(block: Block, table: CellTable): void {
    const key = keyOf(block.size, block.start);
    for (const p of this.pending) if (p.keys?.has(key) || block.start < p.before) return;
    const old = this.entries.get(key);
    if (old) this.cells -= weight(old);
    this.entries.set(key, table);
    this.cells += weight(table);
    for (const [k, t] of this.entries) {
      if (this.cells <= this.budgetCells) break;
      this.entries.delete(k);
      this.cells -= weight(t);
    }
  }

  private forget(p: Pending): void {
    if (p.keys) {
      for (const key of p.keys) this.drop(key);
      return;
    }
    for (const key of [...this.entries.keys()]) if (Math.floor(key / 8) < p.before) this.drop(key);
  }

  private drop(key: number): void {
    const t = this.entries.get(key);
    if (!t) return;
    this.entries.delete(key);
    this.cells -= weight(t);
  }
}

const weight = (t: CellTable): number => Math.max(1, t.size);

function blockKeys(minutes: readonly number[]): Set<number> {
  const keys = new Set<number>();
  for (const m of minutes) for (const size of SIZES) keys.add(keyOf(size, blockStart(m, size)));
  return keys;
}
