import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CellTable } from '../core/cell-table.js';
import { encodeCells } from './cell-codec.js';
import { runMigrations } from './migrations.js';
import { CORE_MIGRATIONS } from './schema.js';
import { openSqliteStore } from './sqlite-store.js';
import type { SqliteStore } from './sqlite-store.js';
import { blocksOf } from './spans.js';

let dir: string;
let store: SqliteStore | undefined;

beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'sipwatch-spans-'));
});
afterEach(() => {
  store?.close();
  store = undefined;
  rmSync(dir, { recursive: true, force: true });
});

const empty = { seconds: [], minutes: [], minuteDeltas: [], dimensions: [], events: [] };
const DAY = 1440;

/** Minute m counts key (m % 7) twice and key 100 once. */
function minuteTable(m: number): CellTable {
  const t = new CellTable();
  t.add(m % 7, 2);
  t.add(100, 1);
  return t;
}

/** What a range holds, as key → count, summed over whatever tables the store answers with. */
function sums(tables: CellTable[]): Record<number, number> {
  const out: Record<number, number> = {};
  for (const t of tables) t.forEach((k, c) => (out[k] = (out[k] ?? 0) + c));
  return out;
}

function expected(from: number, to: number, has: (m: number) => boolean): Record<number, number> {
  const tables: CellTable[] = [];
  for (let m = from; m < to; m++) if (has(m)) tables.push(minuteTable(m));
  return sums(tables);
}

describe('span rollups', () => {
  it('cover a range with whole days and hours inside and minutes at the ends', () => {
    const from = 3 * DAY - 67;
    const to = 5 * DAY + 61;
    const blocks = blocksOf(from, to);
    expect(blocks.filter((b) => b.size === DAY).map((b) => b.start)).toEqual([3 * DAY, 4 * DAY]);
    expect(blocks.filter((b) => b.size === 60)).toHaveLength(1 + 1);
    expect(blocks.filter((b) => b.size === 1)).toHaveLength(2 + 1);
    const covered = blocks.flatMap((b) => Array.from({ length: b.size }, (_, i) => b.start + i));
    expect(covered.sort((a, b) => a - b)).toEqual(Array.from({ length: to - from }, (_, i) => from + i));
  });

  it('answer every range as the minutes do, through writes, late deltas and pruning', () => {
    store = openSqliteStore(path.join(dir, 'a.db'));
    const start = 10 * DAY - 300;
    const minutes = Array.from({ length: 2 * DAY }, (_, i) => start + i).filter((m) => m % 11 !== 3);
    for (let i = 0; i < minutes.length; i += 500) {
      store.write({
        ...empty,
        minutes: minutes.slice(i, i + 500).map((m) => ({ at: m, table: minuteTable(m) })),
      });
    }
    const stored = new Set(minutes);
    const ranges = [
      { from: start - 10, to: start + 2 * DAY + 10 },
      { from: start + 7, to: start + 1000 },
      { from: 10 * DAY, to: 11 * DAY },
      { from: start + 3, to: start + 4 },
    ];
    const check = (): void => {
      const answers = store!.readRollups(ranges);
      ranges.forEach((r, i) =>
        expect(sums(answers[i]!)).toEqual(expected(r.from, r.to, (m) => stored.has(m))),
      );
    };
    check();
    // Read once more from the cache, then change a minute under it: a late delta.
    check();
    const late = new CellTable();
    late.add(100, 5);
    store.write({ ...empty, minuteDeltas: [{ at: 10 * DAY + 30, table: late }] });
    const answer = sums(store.readRollups([{ from: 10 * DAY, to: 11 * DAY }])[0]!);
    expect(answer[100]).toBe(expected(10 * DAY, 11 * DAY, (m) => stored.has(m))[100]! + 5);

    // Retention cuts across an hour and a day: what is left still adds up.
    store.prune({
      secondsBefore: 0,
      minutesBefore: 10 * DAY + 27,
      eventsBefore: 0,
      maxEvents: 10,
      timingsBefore: 0,
    });
    const left = sums(store.readRollups([{ from: start - 10, to: 11 * DAY }])[0]!);
    const want = expected(10 * DAY + 27, 11 * DAY, (m) => stored.has(m));
    want[100] = want[100]! + 5;
    expect(left).toEqual(want);
  });

  it('a background write is seen by reads as soon as its callback has run, never a stale cached copy', async () => {
    store = openSqliteStore(path.join(dir, 'b.db'));
    store.write({ ...empty, minutes: [0, 1, 2, 3, 4].map((m) => ({ at: m, table: minuteTable(m) })) });
    expect(sums(store.readRollups([{ from: 0, to: 5 }])[0]!)[100]).toBe(5);
    const late = new CellTable();
    late.add(100, 10);
    const written = new Promise((resolve) =>
      store!.writeInBackground({ ...empty, minuteDeltas: [{ at: 2, table: late }] }, resolve),
    );
    // Read while the write is on its way: either answer is right then, but it must not stay.
    sums(store.readRollups([{ from: 0, to: 5 }])[0]!);
    await written;
    expect(sums(store.readRollups([{ from: 0, to: 5 }])[0]!)[100]).toBe(15);
  });

  it('a database from before the spans gets them built when opened', () => {
    const file = path.join(dir, 'old.db');
    const db = new BetterSqlite3(file);
    db.pragma('journal_mode = WAL');
    runMigrations(db, [{ ...CORE_MIGRATIONS, migrations: CORE_MIGRATIONS.migrations.slice(0, 2) }], 0);
    const put = db.prepare('INSERT INTO rollup_minute (minute, cells) VALUES (?, ?)');
    for (let m = DAY - 90; m < DAY + 90; m++) put.run(m, encodeCells(minuteTable(m)));
    db.close();
    store = openSqliteStore(file);
    const r = { from: DAY - 90, to: DAY + 90 };
    expect(sums(store.readRollups([r])[0]!)).toEqual(expected(r.from, r.to, () => true));
    const spans = store.db
      .prepare('SELECT size, COUNT(*) AS n FROM rollup_span GROUP BY size ORDER BY size')
      .all();
    expect(spans).toEqual([
      { size: 5, n: 36 },
      { size: 15, n: 12 },
      { size: 30, n: 6 },
      { size: 60, n: 4 },
      { size: 1440, n: 2 },
    ]);
  });
});
