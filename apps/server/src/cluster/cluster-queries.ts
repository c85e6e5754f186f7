import { alertRoles } from './alert-tables.js';
import { ALERT_LEADER_LOCK } from './schema.js';
import type pg from 'pg';
import { coveredShare, serverGaps } from '../core/run-gaps.js';
import type { RunSpan } from '../core/run-gaps.js';
import type { CellTable } from '../core/cell-table.js';
import { MAX_METHOD_ID } from '../core/cell-key.js';
import { DimensionTable } from '../core/dimensions.js';
import type { DimensionKind } from '../core/dimensions.js';
import type { ProfileTable } from '../core/outcome.js';
import { buildSummary, codeBreakdown, seriesPoint, trunkRows } from '../core/summary.js';
import type { TimeWindow } from '../core/summary.js';
import type { Dimensions } from '../core/tally.js';
import { resolveFilter, Tally } from '../core/tally.js';
import { addBootName, translateCells } from './translate-cells.js';
import type { BootNames } from './translate-cells.js';
import { MAX_SERIES_POINTS, seriesStep } from '../api/queries.js';
import type {
  ClusterBootView,
  CodeBreakdown,
  EventFilter,
  SeriesGroup,
  SeriesPoint,
  SeriesResponse,
  Summary,
  TrunksResponse,
} from '@sipwatch/wire';
import { DAY_MS, HOUR_MS, MINUTE_MS, SECOND_MS } from '@sipwatch/wire';

/**
 * Answers /summary, /series, /codes/:code and /trunks for the whole cluster: every node's published rows, merged by
 * adding their cell tables. Node-local dimension ids are translated through the names each node
 * published into one id space for the answer, so per-trunk rows add up by name. The alignment
 * (seconds inside the live window, whole minutes before it) is the single node's.
 */
export interface ClusterQueriesDeps {
  pool: pg.Pool;
  profiles: ProfileTable;
  /** The oldest second of this node's live window: before it only minutes exist. */
  liveStartSecond: () => number;
  /** The end of the newest closed second, ms. */
  liveEnd: () => number;
  /** This node's boot, marked `self` in `boots()`. */
  bootId: string;
  /** Gaps shorter than this are not given (see core/run-gaps.ts). */
  minGapMs: number;
}

interface NodeRow {
  node_id: string;
  boot_id: string;
  at: string;
  cells: Buffer;
}

/** A second or a minute of the cluster, in the answer's id space. */
interface Bucket {
  /** Epoch ms of its start. */
  at: number;
  table: CellTable;
}

/** A fresh id space for one answer; big enough that the nodes' names do not fold into `other`. */
function mergedDimensions(): Dimensions {
  const policy = { cap: 8000, idleMs: 0, retentionMs: Infinity };
  return {
    trunks: new DimensionTable('trunk', policy),
    sources: new DimensionTable('source', policy),
    methods: new DimensionTable('method', { ...policy, cap: MAX_METHOD_ID - 1, idLimit: MAX_METHOD_ID + 1 }),
  };
}

export const bootKey = (r: { node_id: string; boot_id: string }): string => `${r.boot_id} ${r.node_id}`;

export class ClusterQueries {
  constructor(private readonly deps: ClusterQueriesDeps) {}

  async summary(from: number, to: number, filter: EventFilter): Promise<Summary> {
    const dims = mergedDimensions();
    const windows = [
      { from, to },
      { from: from - HOUR_MS, to: to - HOUR_MS },
      { from: from - DAY_MS, to: to - DAY_MS },
    ];
    const [read, runs] = await Promise.all([
      Promise.all(windows.map((w) => this.bucketsOf(w, dims))),
      this.runs(),
    ]);
    // The filter is resolved once every name is in the merged space.
    const tally = (buckets: Bucket[]): Tally =>
      new Tally(this.deps.profiles, resolveFilter(filter, dims), dims, { dimensions: true }).addTables(
        buckets.map((b) => b.table),
      );
    const [cur, hour, day] = read.map((r) => ({
      window: r.window,
      tally: tally(r.buckets),
      covered: coveredShare(runs, r.window.from, r.window.to, this.deps.minGapMs),
    }));
    return buildSummary({
      window: cur!.window,
      filter,
      current: cur!.tally,
      hourAgo: hour!,
      dayAgo: day!,
      dims,
      rules: this.deps.profiles.rules,
      gaps: serverGaps(runs, cur!.window.from, cur!.window.to, this.deps.minGapMs),
    });
  }

  /** When the cluster ran: every boot of every node, from its start to its newest flush. */
  private async runs(): Promise<RunSpan[]> {
    const now = this.deps.liveEnd();
    return (await this.boots()).map((b) => ({
      start: b.startedAt,
      end: b.self ? Math.max(now, b.startedAt) : (b.flushedAt ?? b.startedAt),
    }));
  }

  /**
   * One code over a window for the whole cluster: its breakdown by trunk, source and method, and
   * its count an hour and a day earlier (the window as widened to whole buckets, as the node does).
   */
  async code(
    code: number,
    from: number,
    to: number,
    filter: EventFilter,
  ): Promise<{ window: TimeWindow; stats: CodeBreakdown; baseline: { hourAgo: number; dayAgo: number } }> {
    const dims = mergedDimensions();
    const cur = await this.bucketsOf({ from, to }, dims);
    const [hour, day] = await Promise.all(
      [HOUR_MS, DAY_MS].map((back) =>
        this.bucketsOf({ from: cur.window.from - back, to: cur.window.to - back }, dims),
      ),
    );
    const tally = (buckets: Bucket[], f: EventFilter, options = {}): Tally =>
      new Tally(this.deps.profiles, resolveFilter(f, dims), dims, options).addTables(
        buckets.map((b) => b.table),
      );
    const all = tally(cur.buckets, { ...filter, code: undefined });
    const one = tally(cur.buckets, { ...filter, code }, { dimensions: true });
    return {
      window: cur.window,
      stats: codeBreakdown(code, all, one, dims),
      baseline: {
        hourAgo: tally(hour!.buckets, { ...filter, code }).responses,
        dayAgo: tally(day!.buckets, { ...filter, code }).responses,
      },
    };
  }

  /**
   * Every trunk of the cluster over a window. The cap and the fold into "other" apply per node:
   * `cap` and `folded` are this node's.
   */
  async trunks(from: number, to: number, local: { cap: number; folded: number }): Promise<TrunksResponse> {
    const dims = mergedDimensions();
    const { window, buckets } = await this.bucketsOf({ from, to }, dims);
    const t = new Tally(this.deps.profiles, resolveFilter({}, dims), dims, { trunks: true }).addTables(
      buckets.map((b) => b.table),
    );
    return { window, trunks: trunkRows(t, dims.trunks), cap: local.cap, folded: local.folded };
  }

  /** Every boot of every node, newest start first. */
  async boots(): Promise<ClusterBootView[]> {
    const roles = await alertRoles(this.deps.pool, ALERT_LEADER_LOCK);
    const { rows } = await this.deps.pool.query<{
      node_id: string;
      boot_id: string;
      started_at: string;
      watermark: string;
      flushed_at: string | null;
    }>(
      'SELECT node_id, boot_id, started_at, watermark, flushed_at FROM cluster_boots ORDER BY started_at DESC, node_id',
    );
    return rows.map((r) => ({
      nodeId: r.node_id,
      bootId: r.boot_id,
      startedAt: Number(r.started_at),
      watermark: r.flushed_at === null ? null : (Number(r.watermark) + 1) * SECOND_MS,
      flushedAt: r.flushed_at === null ? null : Number(r.flushed_at),
      self: r.boot_id === this.deps.bootId,
      alerts: roles.get(r.boot_id) ?? 'down',
    }));
  }

  /** Points of `stepMs` over [from, to), aligned as QueryService.series aligns them. */
  async series(
    from: number,
    to: number,
    stepMs: number,
    group: SeriesGroup,
    filter: EventFilter,
  ): Promise<SeriesResponse> {
    const step = seriesStep(from, stepMs, this.deps.liveStartSecond());
    const start = Math.floor(from / step) * step;
    const end = Math.min(to, this.deps.liveEnd(), start + MAX_SERIES_POINTS * step);
    const count = Math.max(0, Math.ceil((end - start) / step));
    const dims = mergedDimensions();
    const [{ buckets }, runs] = await Promise.all([
      this.bucketsOf({ from: start, to: start + count * step }, dims),
      this.runs(),
    ]);
    const byPoint: CellTable[][] = Array.from({ length: count }, () => []);
    for (const b of buckets) byPoint[Math.floor((b.at - start) / step)]?.push(b.table);
    const trunks = group === 'trunk';
    const resolved = resolveFilter(filter, dims);
    const points: SeriesPoint[] = byPoint.map((tables, i) =>
      seriesPoint(
        new Tally(this.deps.profiles, resolved, dims, { trunks }).addTables(tables),
        start + i * step,
        trunks ? dims.trunks : undefined,
      ),
    );
    const until = start + count * step;
    return {
      from: start,
      to: until,
      stepMs: step,
      group,
      filter,
      points,
      gaps: serverGaps(runs, start, until, this.deps.minGapMs),
    };
  }

  /**
   * The buckets counting [from, to) once each: 1-second rows within the live window, whole minutes
   * before it (the window is widened to them, as the single-node answer does).
   */
  private async bucketsOf(
    w: TimeWindow,
    dims: Dimensions,
  ): Promise<{ window: TimeWindow; buckets: Bucket[] }> {
    const junction = Math.ceil(this.deps.liveStartSecond() / 60) * 60;
    let from = Math.floor(w.from / SECOND_MS);
    let to = Math.floor(w.to / SECOND_MS);
    if (from < junction) from = Math.floor(from / 60) * 60;
    if (to < junction) to = Math.ceil(to / 60) * 60;
    const window = { from: from * SECOND_MS, to: to * SECOND_MS };
    const rows: { row: NodeRow; at: number }[] = [];
    const { pool } = this.deps;
    const minutesTo = Math.min(to, junction);
    if (from < minutesTo) {
      const r = await pool.query<NodeRow>(
        'SELECT node_id, boot_id, minute AS at, cells FROM node_minutes WHERE minute >= $1 AND minute < $2',
        [from / 60, minutesTo / 60],
      );
      for (const row of r.rows) rows.push({ row, at: Number(row.at) * MINUTE_MS });
    }
    const secondsFrom = Math.max(from, junction);
    if (secondsFrom < to) {
      const r = await pool.query<NodeRow>(
        'SELECT node_id, boot_id, second AS at, cells FROM node_seconds WHERE second >= $1 AND second < $2',
        [secondsFrom, to],
      );
      for (const row of r.rows) rows.push({ row, at: Number(row.at) * SECOND_MS });
    }
    if (rows.length === 0) return { window, buckets: [] };
    const names = await this.namesOf(rows.map((r) => r.row));
    const dimsOf: Record<DimensionKind, DimensionTable> = {
      trunk: dims.trunks,
      source: dims.sources,
      method: dims.methods,
    };
    const buckets = rows.map(({ row, at }) => ({
      at,
      table: translateCells(row.cells, names.get(bootKey(row)), (kind, name) => dimsOf[kind].idOf(name, 0)),
    }));
    return { window, buckets };
  }

  /** The names behind each boot's ids, `kind:id` → name. */
  private async namesOf(rows: readonly NodeRow[]): Promise<Map<string, BootNames>> {
    const boots = [...new Map(rows.map((r) => [bootKey(r), r])).values()];
    const r = await this.deps.pool.query<{
      node_id: string;
      boot_id: string;
      kind: string;
      id: number;
      name: string;
    }>(
      `SELECT d.node_id, d.boot_id, d.kind, d.id, d.name FROM node_dimensions d
       JOIN unnest($1::text[], $2::uuid[]) AS b(node_id, boot_id) USING (node_id, boot_id)`,
      [boots.map((b) => b.node_id), boots.map((b) => b.boot_id)],
    );
    const out = new Map<string, BootNames>();
    for (const d of r.rows) {
      const key = bootKey(d);
      let m = out.get(key);
      if (!m) out.set(key, (m = new Map()));
      addBootName(m, d);
    }
    return out;
  }
}
