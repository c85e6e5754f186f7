/**
 * Sums cells of many tables by key (an open-addressing hash over typed arrays) and replays the
 * sums in the order each key was first seen. Tallying a window of a hundred tables through one of
 * these visits each distinct cell once instead of once per table, with the same result: a tally
 * only adds counts, and sums of whole numbers below 2^53 are exact in any order.
 */
export class CellSum {
  private keys: Float64Array;
  private counts: Float64Array;
  /** Slots in the order their keys were first added. */
  private order: Int32Array;
  private n = 0;
  private shift: number;

  constructor(expected = 1024) {
    let bits = 4;
    while (1 << bits < expected * 2) bits++;
    this.shift = 32 - bits;
    this.keys = new Float64Array(1 << bits).fill(-1);
    this.counts = new Float64Array(1 << bits);
    this.order = new Int32Array(1 << (bits - 1));
  }

  get size(): number {
    return this.n;
  }

  /** Keys are whole numbers from 0 to 2^53 (cell keys). */
  readonly add = (key: number, count: number): void => {
    const { keys } = this;
    const mask = keys.length - 1;
    let h = slotOf(key, this.shift);
    for (;;) {
      const k = keys[h]!;
      if (k === key) {
        this.counts[h] = this.counts[h]! + count;
        return;
      }
      if (k === -1) break;
      h = (h + 1) & mask;
    }
    keys[h] = key;
    this.counts[h] = count;
    this.order[this.n++] = h;
    if (this.n === this.order.length) this.grow();
  };

  forEach(fn: (key: number, count: number) => void): void {
    const { keys, counts, order } = this;
    for (let i = 0; i < this.n; i++) {
      const h = order[i]!;
      fn(keys[h]!, counts[h]!);
    }
  }

  private grow(): void {
    const { keys, counts, order, n } = this;
    const bits = 32 - this.shift + 1;
    this.shift--;
    this.keys = new Float64Array(1 << bits).fill(-1);
    this.counts = new Float64Array(1 << bits);
    this.order = new Int32Array(1 << (bits - 1));
    this.n = 0;
    for (let i = 0; i < n; i++) this.add(keys[order[i]!]!, counts[order[i]!]!);
  }
}

function slotOf(key: number, shift: number): number {
  const lo = key >>> 0;
  const hi = (key / 4294967296) | 0;
  return Math.imul(lo ^ Math.imul(hi, 0x27d4eb2d), 0x9e3779b1) >>> shift;
}
