/**
 * The counts of one time bucket, by cell key (see cell-key.ts). Open buckets count in a Map;
 * `compact()` moves them into sorted typed arrays (about 12 bytes a cell), which is how closed
 * buckets are kept. A late event for a compacted bucket lands in a small Map beside the arrays.
 */
export class CellTable {
  private keys: Float64Array = EMPTY_KEYS;
  private counts: Uint32Array = EMPTY_COUNTS;
  private open: Map<number, number> | undefined;

  static fromArrays(keys: Float64Array, counts: Uint32Array): CellTable {
    const table = new CellTable();
    table.keys = keys;
    table.counts = counts;
    return table;
  }

  add(key: number, n = 1): void {
    if (this.keys.length > 0) {
      const i = search(this.keys, key);
      if (i >= 0) {
        this.counts[i] = this.counts[i]! + n;
        return;
      }
    }
    this.open ??= new Map();
    this.open.set(key, (this.open.get(key) ?? 0) + n);
  }

  /** Adds every cell of another table. */
  merge(other: CellTable): void {
    other.forEach((key, count) => this.add(key, count));
  }

  /** Distinct cells (an upper bound while late additions are pending). */
  get size(): number {
    return this.keys.length + (this.open?.size ?? 0);
  }

  has(key: number): boolean {
    return (this.keys.length > 0 && search(this.keys, key) >= 0) || (this.open?.has(key) ?? false);
  }

  forEach(fn: (key: number, count: number) => void): void {
    const { keys, counts } = this;
    for (let i = 0; i < keys.length; i++) fn(keys[i]!, counts[i]!);
    if (this.open) for (const [key, count] of this.open) fn(key, count);
  }

  total(): number {
    let sum = 0;
    this.forEach((_k, c) => (sum += c));
    return sum;
  }

  /** Folds the open Map into the sorted arrays. */
  compact(): void {
    if (!this.open || this.open.size === 0) {
      this.open = undefined;
      return;
    }
    const extra = [...this.open.keys()].sort((a, b) => a - b);
    const keys = new Float64Array(this.keys.length + extra.length);
    const counts = new Uint32Array(keys.length);
    let i = 0;
    let j = 0;
    let k = 0;
    while (i < this.keys.length || j < extra.length) {
      if (j >= extra.length || (i < this.keys.length && this.keys[i]! < extra[j]!)) {
        keys[k] = this.keys[i]!;
        counts[k++] = this.counts[i++]!;
      } else {
        const key = extra[j++]!;
        keys[k] = key;
        counts[k++] = this.open.get(key)!;
      }
    }
    this.keys = keys;
    this.counts = counts;
    this.open = undefined;
  }

  /** Sorted, unique keys and their counts (compacts first). */
  arrays(): { keys: Float64Array; counts: Uint32Array } {
    this.compact();
    return { keys: this.keys, counts: this.counts };
  }

  clone(): CellTable {
    this.compact();
    return CellTable.fromArrays(this.keys.slice(), this.counts.slice());
  }
}

/** `table` less the counts of `base` (a table `base` is part of); none goes below zero. */
export function cellsWithout(table: CellTable, base: CellTable | undefined): CellTable {
  if (!base) return table;
  const out = new CellTable();
  const less = new Map<number, number>();
  base.forEach((key, count) => less.set(key, count));
  table.forEach((key, count) => {
    const n = count - (less.get(key) ?? 0);
    if (n > 0) out.add(key, n);
  });
  return out;
}

const EMPTY_KEYS = new Float64Array(0);
const EMPTY_COUNTS = new Uint32Array(0);

function search(keys: Float64Array, key: number): number {
  let lo = 0;
  let hi = keys.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const v = keys[mid]!;
    if (v < key) lo = mid + 1;
    else if (v > key) hi = mid - 1;
    else return mid;
  }
  return -1;
}
