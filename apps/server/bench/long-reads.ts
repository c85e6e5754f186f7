import { statSync } from 'node:fs';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import BetterSqlite3 from 'better-sqlite3';
import { createApplication } from '../src/app.js';
import type { Application } from '../src/app.js';
import { ManualClock } from '../src/clock.js';
import type { TimedTable } from '../src/core/aggregator.js';
import type { CellTable } from '../src/core/cell-table.js';
import type { DimensionEntry } from '../src/core/dimensions.js';
import { DAY_MS, HOUR_MS } from '@sipwatch/wire';
import { buildSummary } from '../src/core/summary.js';
import { resolveFilter, Tally } from '../src/core/tally.js';
import type { TallyOptions } from '../src/core/tally.js';
import { openSqliteStore } from '../src/store/sqlite-store.js';
import { DAYS, GATEWAYS, METHOD, TRUNKS, dailyScale, minuteTable, seededRandom } from './db-size.js';
import { benchConfig, line, mb, percentile, tempDir } from './support.js';

/**
 * How long one REST read over 30 days holds the event loop, on the database of `pnpm bench
 * db-size` (30 days of minutes over 100 trunks, the last hour by second as well), served by the
 * real server. Figures: the block of one request (the longest event-loop delay while it is
 * served), cold (the first after start) and warm; the read path before span rollups (every
 * minute row decoded per request and each table's cells tallied in turn), run in the same process
 * on the same file; and a bare baseline: reading the same minute rows with a plain SELECT, no
 * decoding, no counting.
 */

const WARM_RUNS = 10;
const COLD_RUNS = 3;

export async function run(): Promise<void> {
  process.stdout.write(`long reads: ${DAYS} days of minute rollups over ${TRUNKS} trunks\n`);
  const tmp = tempDir('sipwatch-bench-long-');
  const file = `${tmp.dir}/sipwatch.db`;
  const built = performance.now();
  const endMinute = writeHistory(file);
  line('database written', `${((performance.now() - built) / 1000).toFixed(1)} s`);
  line('database file, with span rollups', mb(statSync(file).size));
  const now = endMinute * 60_000 + 30_000;
  const from = now - DAYS * DAY_MS;
  const summaryPath = `/api/v1/summary?from=${from}&to=${now}`;
  const paths: [string, string][] = [
    ['/summary, 30 days', summaryPath],
    ['/series, 30 days by day', `/api/v1/series?from=${from}&to=${now}&step=1d`],
    ['/series, 7 days by 30 min', `/api/v1/series?from=${now - 7 * DAY_MS}&to=${now}&step=30m`],
    ['/trunks, 30 days', `/api/v1/trunks?from=${from}&to=${now}`],
  ];

  const cold = new Map<string, number[]>();
  for (let i = 0; i < COLD_RUNS; i++) {
    const server = await start(file, now);
    for (const [label, p] of paths) {
      const list = cold.get(label) ?? [];
      list.push(await blockOf(server.base, p));
      cold.set(label, list);
    }
    await server.app.close();
  }

  const server = await start(file, now);
  const { app } = server;
  const baseline = median(Array.from({ length: 3 }, () => plainSelect(file, app, from, now)));
  const warm = new Map<string, number[]>();
  for (const [label, p] of paths) {
    const list: number[] = [];
    for (let i = 0; i < WARM_RUNS; i++) list.push(await blockOf(server.base, p));
    warm.set(label, list);
  }
  const before = timed(() => JSON.stringify(summaryAsBefore(app, from, now)));
  const after = median(
    Array.from({ length: 3 }, () => timed(() => JSON.stringify(app.live.queries.summary(from, now, {})))),
  );
  await app.close();

  const ratio = (ms: number): string => `${(ms / baseline).toFixed(2)}×`;
  line('baseline: plain SELECT of the same minutes', `${baseline.toFixed(1)} ms`);
  line('/summary, 30 days, before: minute rows', `${before.toFixed(0)} ms`);
  line('  ratio to baseline', ratio(before));
  line('/summary, 30 days, after: all its work, warm', `${after.toFixed(1)} ms`);
  line('  ratio to baseline', ratio(after));
  for (const [label] of paths) {
    const c = median(cold.get(label)!);
    const w = warm.get(label)!.sort((x, y) => x - y);
    line(`${label}: loop block, cold`, `${c.toFixed(1)} ms`, 'under 50 ms');
    line(`  warm p50 / max`, `${percentile(w, 50).toFixed(1)} / ${w.at(-1)!.toFixed(1)} ms`, 'under 50 ms');
    line('  ratio to baseline, cold / warm p50', `${ratio(c)} / ${ratio(percentile(w, 50))}`);
  }
  tmp.cleanup();
}

/** Writes the 30 days (and the last hour by second) through the store's writer; returns the end minute. */
function writeHistory(file: string): number {
  const store = openSqliteStore(file);
  const rnd = seededRandom(42);
  const minutes = DAYS * 1440;
  const firstMinute = Math.floor(Date.UTC(2025, 0, 1) / 60_000);
  const dimensions: DimensionEntry[] = [];
  for (let trunk = 2; trunk < TRUNKS + 2; trunk++)
    dimensions.push({ kind: 'trunk', id: trunk, name: `trunk-${trunk}` });
  for (let g = 2; g < GATEWAYS + 2; g++) dimensions.push({ kind: 'source', id: g, name: `gw-${g}` });
  for (const [name, id] of Object.entries(METHOD)) dimensions.push({ kind: 'method', id, name });
  store.write({ seconds: [], minutes: [], minuteDeltas: [], dimensions, events: [] });
  for (let m = 0; m < minutes; m += 60) {
    const batch: TimedTable[] = [];
    for (let i = 0; i < 60; i++)
      batch.push({ at: firstMinute + m + i, table: minuteTable(rnd, dailyScale(m + i)) });
    store.write({ seconds: [], minutes: batch, minuteDeltas: [], dimensions: [], events: [] });
  }
  const lastSecond = (firstMinute + minutes) * 60;
  for (let s = 0; s < 3600; s += 60) {
    const batch: TimedTable[] = [];
    for (let i = 0; i < 60; i++)
      batch.push({ at: lastSecond - 3600 + s + i, table: minuteTable(rnd, 1 / 60) });
    store.write({ seconds: batch, minutes: [], minuteDeltas: [], dimensions: [], events: [] });
  }
  store.close();
  return firstMinute + minutes;
}

async function start(file: string, now: number): Promise<{ app: Application; base: string }> {
  const config = benchConfig({ dbFile: file });
  const app = await createApplication(config, { clock: new ManualClock(now), timers: false });
  const ports = await app.listen();
  return { app, base: `http://127.0.0.1:${ports.http}` };
}

/** The longest event-loop delay while one request is served, ms (the response body is not parsed). */
async function blockOf(base: string, p: string): Promise<number> {
  const h = monitorEventLoopDelay({ resolution: 1 });
  h.enable();
  const res = await fetch(`${base}${p}`);
  await res.arrayBuffer();
  h.disable();
  if (!res.ok) throw new Error(`${p}: ${res.status}`);
  return h.max / 1e6;
}

/** The same minute rows the pre-span read path decoded for one summary, read and not decoded. */
function plainSelect(file: string, app: Application, from: number, to: number): number {
  const db = new BetterSqlite3(file, { readonly: true });
  const select = db.prepare<[number, number], { minute: number; cells: Buffer }>(
    'SELECT minute, cells FROM rollup_minute WHERE minute >= ? AND minute < ?',
  );
  const agg = app.live.pipeline.aggregator;
  const ranges = [0, HOUR_MS, DAY_MS].flatMap((back) => {
    const s = agg.tablesFor(from - back, to - back).storeMinutes;
    return s ? [s] : [];
  });
  const ms = timed(() => {
    let bytes = 0;
    for (const r of ranges) for (const row of select.all(r.from, r.to)) bytes += row.cells.length;
    return bytes;
  });
  db.close();
  return ms;
}

/** QueryService.summary as it was before span rollups: minute rows, each table tallied cell by cell. */
function summaryAsBefore(app: Application, from: number, to: number) {
  const agg = app.live.pipeline.aggregator;
  const store = app.live.store;
  const cover = (a: number, b: number) => {
    const cov = agg.tablesFor(a, b);
    let tables: CellTable[] = cov.tables;
    if (cov.storeMinutes)
      tables = tables.concat(
        store.readMinutes(cov.storeMinutes.from, cov.storeMinutes.to).map((m) => m.table),
      );
    return { from: cov.from, to: cov.to, tables };
  };
  const tally = (tables: CellTable[], options: TallyOptions): Tally => {
    const t = new Tally(agg.profiles, resolveFilter({}, agg), agg, options);
    for (const table of tables) table.forEach(t.addCell);
    return t;
  };
  const cur = cover(from, to);
  const hour = cover(cur.from - HOUR_MS, cur.to - HOUR_MS);
  const day = cover(cur.from - DAY_MS, cur.to - DAY_MS);
  return buildSummary({
    window: cur,
    filter: {},
    current: tally(cur.tables, { dimensions: true }),
    hourAgo: { tally: tally(hour.tables, { dimensions: true }), window: hour },
    dayAgo: { tally: tally(day.tables, { dimensions: true }), window: day },
    dims: agg,
    rules: agg.profiles.rules,
  });
}

function timed(fn: () => unknown): number {
  const t0 = performance.now();
  fn();
  return performance.now() - t0;
}

function median(xs: number[]): number {
  return percentile(
    [...xs].sort((a, b) => a - b),
    50,
  );
}
