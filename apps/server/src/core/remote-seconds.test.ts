import { describe, expect, it } from 'vitest';
import { CellTable } from './cell-table.js';
import { packCell } from './cell-key.js';
import { RemoteSeconds } from './remote-seconds.js';

const cell = (code: number) => packCell(2, 0, 2, code, 0);
function table(...codes: number[]): CellTable {
  const t = new CellTable();
  for (const code of codes) t.add(cell(code));
  return t;
}
const total = (tables: CellTable[]) => tables.reduce((n, t) => n + t.total(), 0);

describe('RemoteSeconds', () => {
  it('sums the boots of a second; a boot’s new row replaces its old one', () => {
    const r = new RemoteSeconds();
    r.replace('a', 120, table(200, 503));
    r.replace('b', 120, table(200));
    r.replace('a', 120, table(200, 503, 486));
    expect(r.secondAt(120)!.total()).toBe(4);
    expect(r.cellCount()).toBe(4);
  });

  it('covers a range once, with minute sums for the whole minutes inside it', () => {
    const r = new RemoteSeconds();
    for (let s = 110; s < 250; s++) r.replace('a', s, table(200));
    r.replace('b', 130, table(503));
    const tables = r.tablesFor(115_000, 245_000);
    expect(total(tables)).toBe(131);
    // 5 seconds at each edge, minutes 2 and 3 whole.
    expect(tables).toHaveLength(12);
    // A minute's sum follows a later replacement of one of its seconds.
    r.replace('b', 130, table(503, 503));
    expect(total(r.tablesFor(120_000, 180_000))).toBe(62);
  });

  it('hands each changed second once, before the closed one only, newest first', () => {
    const r = new RemoteSeconds();
    r.replace('a', 10, table(200));
    r.replace('a', 12, table(200));
    r.replace('a', 15, table(200));
    expect(r.takeChanged(15).map((c) => c.at)).toEqual([12, 10]);
    expect(r.takeChanged(16)).toEqual([]);
  });

  it('forgets what falls out of the live window, and takes nothing older', () => {
    const r = new RemoteSeconds();
    for (let s = 0; s < 120; s++) r.replace('a', s, table(200));
    expect(total(r.tablesFor(0, 120_000))).toBe(120);
    r.dropBefore(90);
    expect(r.size).toBe(30);
    expect(total(r.tablesFor(0, 120_000))).toBe(30);
    r.replace('a', 10, table(200));
    expect(r.size).toBe(30);
  });
});
