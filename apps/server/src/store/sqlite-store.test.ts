import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CellTable } from '../core/cell-table.js';
import { packCell } from '../core/cell-key.js';
import { sipEvent } from '@sipwatch/testing';
import { EVENTS_PER_SLICE } from './background-writes.js';
import { decodeCells, encodeCells } from './cell-codec.js';
import type { MigrationSet } from './migrations.js';
import { openSqliteStore } from './sqlite-store.js';
import type { SqliteStore } from './sqlite-store.js';
import { StoreOpenError } from './store.js';

let dir: string;
let store: SqliteStore | undefined;

beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'sipwatch-store-'));
});
afterEach(() => {
  store?.close();
  store = undefined;
  rmSync(dir, { recursive: true, force: true });
});

function table(cells: [number, number][]): CellTable {
  const t = new CellTable();
  for (const [k, n] of cells) t.add(k, n);
  return t;
}

const empty = { seconds: [], minutes: [], minuteDeltas: [], dimensions: [], events: [] };

describe('cell codec', () => {
  it('round-trips keys up to 2^50 and counts', () => {
    const t = table([
      [packCell(65535, 65535, 63, 699, 3), 7],
      [packCell(0, 0, 0, 100, 0), 1],
      [packCell(12, 3, 2, 503, 1), 123_456],
    ]);
    const back = decodeCells(encodeCells(t));
    const out: [number, number][] = [];
    back.forEach((k, c) => out.push([k, c]));
    expect(out).toEqual([
      [packCell(0, 0, 0, 100, 0), 1],
      [packCell(12, 3, 2, 503, 1), 123_456],
      [packCell(65535, 65535, 63, 699, 3), 7],
    ]);
  });

  it('refuses data it does not know', () => {
    expect(() => decodeCells(new Uint8Array([9, 1, 2]))).toThrow(/unknown cell encoding/);
  });
});

describe('SqliteStore', () => {
  it('keeps rollups, dimensions and events across a close and reopen', () => {
    const file = path.join(dir, 'a.db');
    store = openSqliteStore(file);
    store.write({
      ...empty,
      dimensions: [{ kind: 'trunk', id: 2, name: 'carrier-a' }],
      seconds: [{ at: 1000, table: table([[5, 2]]) }],
      minutes: [{ at: 16, table: table([[5, 2]]) }],
      events: [sipEvent({ code: 503, trunk: 'carrier-a', callId: 'abc' })],
    });
    store.close();
    store = openSqliteStore(file);
    const state = store.loadState(0, 0);
    expect(state.dimensions).toEqual([{ kind: 'trunk', id: 2, name: 'carrier-a' }]);
    expect(state.seconds.map((s) => [s.at, s.table.total()])).toEqual([[1000, 2]]);
    expect(state.minutes.map((m) => [m.at, m.table.total()])).toEqual([[16, 2]]);
    expect(store.queryEvents({ limit: 10 })).toEqual([
      expect.objectContaining({ id: 1, code: 503, trunk: 'carrier-a', callId: 'abc' }),
    ]);
  });

  it('keeps call-timing slots across a reopen, the latest write of a slot and trunk winning, and prunes them', () => {
    const file = path.join(dir, 't.db');
    store = openSqliteStore(file);
    const histogram = (count: number) => ({
      buckets: [[3, count]] as [number, number][],
      count,
      min: 310,
      max: 390,
    });
    const slot = (startMs: number, trunk: string, count: number) => ({
      startMs,
      trunk,
      pdd: histogram(count),
      setup: { buckets: [], count: 0, min: null, max: null },
    });
    store.write({ ...empty, timings: [slot(15_000, 'carrier-a', 1), slot(30_000, 'carrier-a', 2)] });
    store.write({ ...empty, timings: [slot(30_000, 'carrier-a', 5), slot(30_000, 'carrier-b', 1)] });
    store.close();
    store = openSqliteStore(file);
    expect(store.loadState(20, 0).timings).toEqual([
      slot(30_000, 'carrier-a', 5),
      slot(30_000, 'carrier-b', 1),
    ]);
    expect(
      store.prune({
        secondsBefore: 0,
        minutesBefore: 0,
        eventsBefore: 0,
        maxEvents: 10,
        timingsBefore: 30_000,
      }),
    ).toMatchObject({ timings: 1 });
    expect(store.loadState(0, 0).timings.map((t) => t.startMs)).toEqual([30_000, 30_000]);
  });

  it('adds minute deltas to what is stored, replaces full minutes', () => {
    store = openSqliteStore(path.join(dir, 'b.db'));
    store.write({ ...empty, minutes: [{ at: 10, table: table([[1, 5]]) }] });
    store.write({
      ...empty,
      minuteDeltas: [
        {
          at: 10,
          table: table([
            [1, 2],
            [2, 1],
          ]),
        },
        { at: 11, table: table([[3, 1]]) },
      ],
    });
    expect(store.readMinutes(10, 12).map((m) => [m.at, m.table.total()])).toEqual([
      [10, 8],
      [11, 1],
    ]);
    store.write({ ...empty, minutes: [{ at: 10, table: table([[1, 1]]) }] });
    expect(store.readMinutes(10, 11)[0]!.table.total()).toBe(1);
  });

  it('a failing write leaves nothing behind (one transaction)', () => {
    store = openSqliteStore(path.join(dir, 'c.db'));
    const bad = sipEvent({ code: 200 });
    // A NOT NULL violation on the last statement rolls the whole flush back.
    (bad as { ts: unknown }).ts = null;
    expect(() =>
      store!.write({
        ...empty,
        minutes: [{ at: 1, table: table([[1, 1]]) }],
        events: [sipEvent({ code: 200 }), bad],
      }),
    ).toThrow();
    expect(store.readMinutes(0, 10)).toEqual([]);
    expect(store.queryEvents({ limit: 10 })).toEqual([]);
  });

  it('filters and pages raw events newest first', () => {
    store = openSqliteStore(path.join(dir, 'd.db'));
    const events = Array.from({ length: 25 }, (_, i) =>
      sipEvent({ ts: 1000 + i, code: i % 2 ? 503 : 200, trunk: i % 5 ? 'a' : 'b', callId: `c${i}` }),
    );
    store.write({ ...empty, events });
    const page1 = store.queryEvents({ code: 503, limit: 5 });
    expect(page1.map((e) => e.callId)).toEqual(['c23', 'c21', 'c19', 'c17', 'c15']);
    const page2 = store.queryEvents({ code: 503, limit: 5, beforeId: page1.at(-1)!.id });
    expect(page2.map((e) => e.callId)).toEqual(['c13', 'c11', 'c9', 'c7', 'c5']);
    expect(store.queryEvents({ trunk: 'b', limit: 50 })).toHaveLength(5);
    expect(store.queryEvents({ callId: 'c7', limit: 50 })).toHaveLength(1);
    expect(
      store.queryEvents({ source: 'proxy-1', method: 'invite', from: 1010, to: 1012, limit: 50 }),
    ).toHaveLength(2);
  });

  it('prunes by retention and by the raw event cap', () => {
    store = openSqliteStore(path.join(dir, 'e.db'));
    store.write({
      ...empty,
      seconds: [1, 2, 3].map((at) => ({ at, table: table([[1, 1]]) })),
      minutes: [1, 2, 3].map((at) => ({ at, table: table([[1, 1]]) })),
      events: Array.from({ length: 10 }, (_, i) => sipEvent({ ts: i * 1000, code: 200 })),
    });
    expect(
      store.prune({ secondsBefore: 3, minutesBefore: 2, eventsBefore: 2000, maxEvents: 5, timingsBefore: 0 }),
    ).toEqual({ seconds: 2, minutes: 1, events: 2 + 3, timings: 0, calls: 0 });
    expect(store.queryEvents({ limit: 50 }).map((e) => e.ts)).toEqual([9000, 8000, 7000, 6000, 5000]);
  });

  it('a flush keeps the raw events within their cap in the same transaction', () => {
    store = openSqliteStore(path.join(dir, 'cap.db'));
    for (let i = 0; i < 3; i++) {
      store.write({
        ...empty,
        events: Array.from({ length: 4 }, (_, j) => sipEvent({ ts: i * 10 + j, code: 200 })),
        maxEvents: 6,
      });
    }
    expect(store.queryEvents({ limit: 50 }).map((e) => e.ts)).toEqual([23, 22, 21, 20, 13, 12]);
  });

  it('a background write is in the file once its callback runs; writes land in the order asked', async () => {
    store = openSqliteStore(path.join(dir, 'bg.db'));
    const error = await new Promise<Error | undefined>((resolve) =>
      store!.writeInBackground({ ...empty, minutes: [{ at: 7, table: table([[1, 3]]) }] }, resolve),
    );
    expect(error).toBeUndefined();
    expect(store.readMinutes(7, 8)[0]!.table.total()).toBe(3);

    // Queued in the background, then a blocking write of the same minute: the later one wins, and
    // the earlier one's callback has run by the time the blocking write returns.
    const calls: (Error | undefined)[] = [];
    store.writeInBackground({ ...empty, minutes: [{ at: 7, table: table([[1, 4]]) }] }, (e) => calls.push(e));
    store.write({ ...empty, minutes: [{ at: 7, table: table([[1, 5]]) }] });
    expect(calls).toEqual([undefined]);
    expect(store.readMinutes(7, 8)[0]!.table.total()).toBe(5);
  });

  it('a background flush sends its raw events in slices but writes them in one transaction', () => {
    store = openSqliteStore(path.join(dir, 'slices.db'));
    // Over two slices, the bad event in the last one.
    const events = Array.from({ length: EVENTS_PER_SLICE * 2 + 10 }, (_, i) =>
      sipEvent({ ts: i, code: 503 }),
    );
    (events.at(-1) as { ts: unknown }).ts = null;
    const calls: (Error | undefined)[] = [];
    store.writeInBackground({ ...empty, minutes: [{ at: 1, table: table([[1, 1]]) }], events }, (e) =>
      calls.push(e),
    );
    store.waitForWrites();
    expect(calls).toHaveLength(1);
    expect(calls[0]?.message).toMatch(/NOT NULL/);
    expect(store.readMinutes(0, 10)).toEqual([]);
    expect(store.queryEvents({ limit: 10 })).toEqual([]);

    // The same flush, fixed: every event, in order, ids following event time.
    events[events.length - 1] = sipEvent({ ts: events.length - 1, code: 503 });
    store.writeInBackground({ ...empty, events }, (e) => calls.push(e));
    store.waitForWrites();
    expect(calls[1]).toBeUndefined();
    const stored = store.queryEvents({ limit: events.length + 1 });
    expect(stored).toHaveLength(events.length);
    expect(stored.map((e) => e.ts)).toEqual(events.map((e) => e.ts).reverse());
  });

  it('applies other modules’ migrations once, in order', () => {
    const file = path.join(dir, 'f.db');
    const alerts: MigrationSet = {
      module: 'alerts',
      migrations: [
        { version: 1, name: 'rules', up: 'CREATE TABLE alert_rules (id INTEGER PRIMARY KEY, name TEXT)' },
        {
          version: 2,
          name: 'seed',
          up: (db) => db.prepare("INSERT INTO alert_rules (name) VALUES ('x')").run(),
        },
      ],
    };
    store = openSqliteStore(file, { migrations: [alerts] });
    store.close();
    store = openSqliteStore(file, { migrations: [alerts] });
    expect(store.db.prepare('SELECT COUNT(*) AS n FROM alert_rules').get()).toEqual({ n: 1 });
    const applied = store.db
      .prepare('SELECT module, version FROM schema_migrations ORDER BY module, version')
      .all();
    expect(applied).toEqual([
      { module: 'alerts', version: 1 },
      { module: 'alerts', version: 2 },
      { module: 'core', version: 1 },
      { module: 'core', version: 2 },
      { module: 'core', version: 3 },
      { module: 'core', version: 4 },
      { module: 'core', version: 5 },
      { module: 'core', version: 6 },
    ]);
  });

  it('refuses a database from a newer sipwatch', () => {
    const file = path.join(dir, 'g.db');
    store = openSqliteStore(file);
    store.db.prepare("INSERT INTO schema_migrations VALUES ('core', 99, 'future', 0)").run();
    store.close();
    store = undefined;
    expect(() => openSqliteStore(file)).toThrow(/schema version 99, newer than this sipwatch knows/);
  });

  it('a corrupt file gives a clear error naming the file', () => {
    const file = path.join(dir, 'corrupt.db');
    writeFileSync(file, Buffer.alloc(8192, 0x42));
    expect(() => openSqliteStore(file)).toThrow(StoreOpenError);
    expect(() => openSqliteStore(file)).toThrow(/corrupt or not a SQLite database/);
    expect(() => openSqliteStore(file)).toThrow(file);
  });

  it('a data directory that cannot be created gives a clear error', () => {
    const file = path.join(dir, 'a-file');
    writeFileSync(file, '');
    expect(() => openSqliteStore(path.join(file, 'sub', 'x.db'))).toThrow(/cannot create the data directory/);
  });

  it('a database path that cannot be opened for writing gives a clear error', () => {
    // A directory where the file should be.
    expect(() => openSqliteStore(dir)).toThrow(/cannot write the database file .* writable/);
  });

  it.skipIf(process.getuid?.() === 0)('a read-only directory gives a clear error', () => {
    chmodSync(dir, 0o500);
    try {
      expect(() => openSqliteStore(path.join(dir, 'x.db'))).toThrow(/cannot write the database file/);
    } finally {
      chmodSync(dir, 0o700);
    }
  });
});
