import { describe, expect, it } from 'vitest';
import { CellTable } from './cell-table.js';

function entries(t: CellTable): [number, number][] {
  const out: [number, number][] = [];
  t.forEach((k, c) => out.push([k, c]));
  return out.sort((a, b) => a[0] - b[0]);
}

describe('CellTable', () => {
  it('counts per key while open and keeps counting after compaction', () => {
    const t = new CellTable();
    t.add(5);
    t.add(3, 2);
    t.add(5);
    t.compact();
    t.add(5);
    t.add(4);
    expect(entries(t)).toEqual([
      [3, 2],
      [4, 1],
      [5, 3],
    ]);
    expect(t.total()).toBe(6);
    const { keys, counts } = t.arrays();
    expect([...keys]).toEqual([3, 4, 5]);
    expect([...counts]).toEqual([2, 1, 3]);
  });

  it('merges another table cell by cell', () => {
    const a = new CellTable();
    a.add(1, 10);
    a.compact();
    const b = new CellTable();
    b.add(1, 1);
    b.add(2, 2);
    a.merge(b);
    expect(entries(a)).toEqual([
      [1, 11],
      [2, 2],
    ]);
  });

  it('clones independently', () => {
    const a = new CellTable();
    a.add(7);
    const b = a.clone();
    a.add(7);
    expect(b.total()).toBe(1);
    expect(a.total()).toBe(2);
  });
});
