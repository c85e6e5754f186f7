import { SECOND_MS } from '@sipwatch/wire';
import type { TimedTable } from './aggregator.js';
import { CellTable } from './cell-table.js';

/**
 * The other nodes' 1-second tables of the live window, in this node's id space (cluster mode).
 * Each (boot, second) row is replaced whole, as its node published it; reads see the sum over
 * boots per second, and per minute for whole minutes, so a window is covered with about as many
 * tables as the aggregator's own. Pure: the shell (cluster/remote-mirror.ts) reads PostgreSQL and
 * translates the ids; this only holds and sums.
 */
export class RemoteSeconds {
  /** second → boot → table. */
  private readonly rows = new Map<number, Map<string, CellTable>>();
  /** second → the sum over boots. */
  private readonly sums = new Map<number, CellTable>();
  /** minute → the sum of its seconds over boots (recomputed when one of them changes). */
  private readonly minuteSums = new Map<number, CellTable>();
  /** Seconds replaced since the last `takeChanged`. */
  private changed = new Set<number>();
  /** Seconds before this are not held (the live window's start). */
  private floor = -Infinity;

  /** Replaces what one boot counted in one second. Ignored before the live window. */
  replace(boot: string, second: number, table: CellTable): void {
    if (second < this.floor) return;
    let boots = this.rows.get(second);
    if (!boots) this.rows.set(second, (boots = new Map()));
    boots.set(boot, table);
    const sum = new CellTable();
    for (const t of boots.values()) sum.merge(t);
    sum.compact();
    this.sums.set(second, sum);
    this.minuteSums.delete(Math.floor(second / 60));
    this.changed.add(second);
  }

  /** Forgets the seconds before `second` (the live window moved on): memory stays bounded by it. */
  dropBefore(second: number): void {
    if (second <= this.floor) return;
    this.floor = second;
    for (const s of this.rows.keys()) {
      if (s >= second) continue;
      this.rows.delete(s);
      this.sums.delete(s);
      this.changed.delete(s);
    }
    for (const m of this.minuteSums.keys()) if (m * 60 < second) this.minuteSums.delete(m);
  }

  secondAt(second: number): CellTable | undefined {
    return this.sums.get(second);
  }

  /**
   * The tables counting [fromMs, toMs) once each, as far as the held seconds reach: a minute's sum
   * for each whole minute inside, single seconds at the edges.
   */
  tablesFor(fromMs: number, toMs: number): CellTable[] {
    const tables: CellTable[] = [];
    if (this.sums.size === 0) return tables;
    const to = Math.floor(toMs / SECOND_MS);
    for (let s = Math.max(Math.floor(fromMs / SECOND_MS), this.floor); s < to;) {
      if (s % 60 === 0 && s + 60 <= to) {
        const minute = this.minuteAt(s / 60);
        if (minute) tables.push(minute);
        s += 60;
      } else {
        const table = this.sums.get(s);
        if (table) tables.push(table);
        s++;
      }
    }
    return tables;
  }

  /**
   * The seconds before `closed` replaced since the last call, newest first, each with its whole
   * remote table; later ones are forgotten too: their own tick reads them whole.
   */
  takeChanged(closed: number): TimedTable[] {
    const out: TimedTable[] = [];
    for (const at of this.changed) {
      const table = this.sums.get(at);
      if (at < closed && table) out.push({ at, table });
    }
    this.changed = new Set();
    return out.sort((a, b) => b.at - a.at);
  }

  /** Cells held (for /metrics and tests of the bound). */
  cellCount(): number {
    let n = 0;
    for (const boots of this.rows.values()) for (const t of boots.values()) n += t.size;
    return n;
  }

  /** Seconds held. */
  get size(): number {
    return this.rows.size;
  }

  private minuteAt(minute: number): CellTable | undefined {
    let sum = this.minuteSums.get(minute);
    if (sum) return sum;
    sum = new CellTable();
    for (let s = minute * 60; s < minute * 60 + 60; s++) {
      const t = this.sums.get(s);
      if (t) sum.merge(t);
    }
    if (sum.size === 0) return undefined;
    sum.compact();
    this.minuteSums.set(minute, sum);
    return sum;
  }
}
