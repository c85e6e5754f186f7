import { statSync } from 'node:fs';
import { packCell, FLAG_ABANDONED, FLAG_CALL_OUTCOME } from '../src/core/cell-key.js';
import { CellTable } from '../src/core/cell-table.js';
import type { TimedTable } from '../src/core/aggregator.js';
import { openSqliteStore } from '../src/store/sqlite-store.js';
import { line, mb, tempDir } from './support.js';

/**
 * Database size for 30 days of 1-minute rollups over 100 trunks (plus the hour of 1-second
 * rollups kept for restarts). Each trunk-minute carries the cells a busy trunk shows: the INVITE
 * codes of a normal mix, challenges, BYE, REGISTER and OPTIONS, from one of a few gateways.
 */

export const DAYS = 30;
export const TRUNKS = 100;
export const GATEWAYS = 4;
export const METHOD = { INVITE: 2, BYE: 3, REGISTER: 4, OPTIONS: 5 } as const;
const INVITE_CODES: [number, number][] = [
  [100, 0],
  [180, 0],
  [183, 0],
  [200, FLAG_CALL_OUTCOME],
  [486, FLAG_CALL_OUTCOME],
  [487, FLAG_CALL_OUTCOME | FLAG_ABANDONED],
  [480, FLAG_CALL_OUTCOME],
  [404, FLAG_CALL_OUTCOME],
  [503, FLAG_CALL_OUTCOME],
  [408, FLAG_CALL_OUTCOME],
  [603, FLAG_CALL_OUTCOME],
  [407, FLAG_CALL_OUTCOME],
];

export function minuteTable(rnd: () => number, scale: number): CellTable {
  const t = new CellTable();
  for (let trunk = 2; trunk < TRUNKS + 2; trunk++) {
    const source = 2 + (trunk % GATEWAYS);
    for (const [code, flags] of INVITE_CODES) {
      const n = Math.floor(rnd() * 40 * scale);
      if (n > 0) t.add(packCell(trunk, source, METHOD.INVITE, code, flags), n);
    }
    t.add(packCell(trunk, source, METHOD.BYE, 200, 0), 1 + Math.floor(rnd() * 20 * scale));
    t.add(packCell(trunk, source, METHOD.REGISTER, 401, 0), 1 + Math.floor(rnd() * 3));
    t.add(packCell(trunk, source, METHOD.REGISTER, 200, 0), 1 + Math.floor(rnd() * 3));
    t.add(packCell(trunk, source, METHOD.OPTIONS, 200, 0), 2);
  }
  t.compact();
  return t;
}

/** A small deterministic generator, so every run writes the same data. */
export function seededRandom(seed: number): () => number {
  return () => {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    return seed / 4294967296;
  };
}

/** The load of minute `m` of a day: quiet nights, busy afternoons. */
export function dailyScale(minuteOfDays: number): number {
  const hour = (minuteOfDays / 60) % 24;
  return 0.2 + Math.max(0, Math.sin(((hour - 6) / 24) * 2 * Math.PI));
}

export async function run(): Promise<void> {
  process.stdout.write(`database size: ${DAYS} days of minute rollups over ${TRUNKS} trunks\n`);
  const tmp = tempDir('sipwatch-bench-db-');
  const file = `${tmp.dir}/sipwatch.db`;
  const store = openSqliteStore(file);
  const rnd = seededRandom(42);
  const started = performance.now();
  const minutes = DAYS * 1440;
  const firstMinute = Math.floor(Date.UTC(2025, 0, 1) / 60_000);
  let cells = 0;
  for (let m = 0; m < minutes; m += 60) {
    const batch: TimedTable[] = [];
    for (let i = 0; i < 60; i++) {
      const t = minuteTable(rnd, dailyScale(m + i));
      cells += t.size;
      batch.push({ at: firstMinute + m + i, table: t });
    }
    store.write({ seconds: [], minutes: batch, minuteDeltas: [], dimensions: [], events: [] });
  }
  // The last hour at 1-second resolution.
  const lastSecond = (firstMinute + minutes) * 60;
  for (let s = 0; s < 3600; s += 60) {
    const batch: TimedTable[] = [];
    for (let i = 0; i < 60; i++)
      batch.push({ at: lastSecond - 3600 + s + i, table: minuteTable(rnd, 1 / 60) });
    store.write({ seconds: batch, minutes: [], minuteDeltas: [], dimensions: [], events: [] });
  }
  const readStart = performance.now();
  const day = store.readMinutes(firstMinute, firstMinute + 1440);
  const readMs = performance.now() - readStart;
  store.close();
  const size = statSync(file).size;
  line('minutes written', minutes.toLocaleString('en'));
  line('cells per minute (average)', Math.round(cells / minutes).toLocaleString('en'));
  line('write time', `${((readStart - started) / 1000).toFixed(1)} s`);
  line('read one day of minutes', `${readMs.toFixed(0)} ms (${day.length} rows)`);
  line('database file', mb(size), 'under 200 MB');
  tmp.cleanup();
}
