import { DAY_MS, SECOND_MS } from '@sipwatch/wire';
import type { SipEvent } from '@sipwatch/wire';
import { MAX_METHOD_ID, packCell } from './cell-key.js';
import { CellTable } from './cell-table.js';
import type { DimensionEntry } from './dimensions.js';
import { DimensionTable } from './dimensions.js';
import type { OutcomeRules } from './outcome.js';
import { eventFlags, ProfileTable } from './outcome.js';

/**
 * The functional core of the live numbers: counts events into 1-second buckets for the live
 * window and 1-minute rollups, by cell (trunk × source × method × code × outcome flags). No I/O,
 * no timers: the shell passes `now` in, drains what changed (`takeDirty`) for the store, and reads
 * tables back for queries (`tablesFor`).
 */

/** Events this far ahead of `now` keep their second; further ones are clamped to `now`. */
const MAX_AHEAD_SECONDS = 60;
/** The wall clock going back more than this is a jump: the live window follows it. */
export const BACKWARD_JUMP_SECONDS = 60;

export interface AggregatorOptions {
  liveSeconds: number;
  retentionDays: number;
  maxTrunks: number;
  maxSources: number;
  /** Names unseen this long leave the dimension caps (0: never); see dimensions.ts. */
  dimensionIdleMs?: number;
  /** When set, only these trunk names get an id; other trunks count under `other`. */
  trunkNames?: ReadonlySet<string>;
  /** Past minutes (older than memory) one drain hands over at most; the rest wait for the next. */
  pastMinutesPerDrain?: number;
  rules: OutcomeRules;
  /** Minutes held in memory; older ones are read from the store. Default: the live window + 5. */
  minuteMemory?: number;
}

export const REJECT_REASONS = ['older-than-retention'] as const;
export type RejectReason = (typeof REJECT_REASONS)[number];

export interface Rejection {
  event: SipEvent;
  reason: RejectReason;
}

export interface TimedTable {
  /** Second or minute number (ms / 1000 or ms / 60000). */
  at: number;
  table: CellTable;
}

/** What changed since the last drain: full tables to replace, deltas to add. */
export interface DirtySet {
  seconds: TimedTable[];
  minutes: TimedTable[];
  /** Minutes older than memory: deltas to add to what the store holds. */
  minuteDeltas: TimedTable[];
  dimensions: DimensionEntry[];
}

/** The tables covering a time range, and the part only the store can answer. */
export interface Coverage {
  /** The range actually covered, aligned to seconds (to minutes outside the live window). */
  from: number;
  to: number;
  tables: CellTable[];
  /** Minutes [from, to) to read from the store as well; null when memory covers everything. */
  storeMinutes: { from: number; to: number } | null;
}

/** What one tick closed, and what late events changed in seconds an earlier tick already closed. */
export interface TickResult {
  /** The newest closed second. */
  closed: number;
  /**
   * Seconds before `closed` that an earlier tick closed and late events (device clock skew,
   * network delay) have added to since, newest first, each with only the cells added since that
   * tick: the shell tells who a revision concerns, then reads the whole bucket back.
   */
  revised: TimedTable[];
}

export class Aggregator {
  readonly trunks: DimensionTable;
  readonly sources: DimensionTable;
  readonly methods: DimensionTable;
  readonly profiles: ProfileTable;
  readonly liveSeconds: number;
  readonly minuteMemory: number;
  readonly retentionMs: number;

  private readonly ring: (CellTable | undefined)[];
  private readonly ringSeconds: Float64Array;
  private readonly minutes = new Map<number, CellTable>();
  private readonly minuteDeltas = new Map<number, CellTable>();
  private dirtySeconds = new Set<number>();
  private dirtyMinutes = new Set<number>();
  private currentSecond = -Infinity;
  /** The newest second a tick has closed; events for it or earlier are late. */
  private tickedSecond = -Infinity;
  /** Cells late events added per already-ticked second, since the last tick. */
  private lateCells = new Map<number, CellTable>();

  /** Since start, for /metrics: responses per code (index code - 100). */
  readonly totalByCode = new Float64Array(600);
  /** Since start, for /metrics: responses per trunk id × class index. */
  private totalByTrunkClass = new Float64Array(6 * 64);
  accepted = 0;
  clamped = 0;
  /** Backward wall-clock jumps followed since start, and the size of the last one (ms). */
  backwardJumps = 0;
  lastBackwardJumpMs = 0;

  /** The highest memory floor so far: minutes below it left memory once and live in the store. */
  private heldFloor = -Infinity;
  /** After a backward jump the next drain also hands over minutes of the old clock's "now". */
  private drainOpenMinutes = false;
  private readonly pastMinutesPerDrain: number;

  constructor(opts: AggregatorOptions) {
    this.liveSeconds = opts.liveSeconds;
    this.minuteMemory = opts.minuteMemory ?? Math.ceil(opts.liveSeconds / 60) + 5;
    this.retentionMs = opts.retentionDays * DAY_MS;
    const idleMs = opts.dimensionIdleMs ?? 0;
    const retentionMs = this.retentionMs;
    this.trunks = new DimensionTable('trunk', {
      cap: opts.maxTrunks,
      idleMs,
      retentionMs,
      ...(opts.trunkNames && { allowed: opts.trunkNames }),
      // The /metrics totals of the name that had the id must not pass to the new one.
      onReuse: (id) => this.totalByTrunkClass.fill(0, id * 6, id * 6 + 6),
    });
    this.sources = new DimensionTable('source', { cap: opts.maxSources, idleMs, retentionMs });
    this.methods = new DimensionTable('method', {
      cap: MAX_METHOD_ID - 1,
      idleMs,
      retentionMs,
      idLimit: MAX_METHOD_ID + 1,
      normalise: (m) => m.toUpperCase(),
    });
    this.pastMinutesPerDrain = opts.pastMinutesPerDrain ?? Infinity;
    this.profiles = new ProfileTable(opts.rules);
    const slots = opts.liveSeconds + MAX_AHEAD_SECONDS + 5;
    this.ring = new Array<CellTable | undefined>(slots);
    this.ringSeconds = new Float64Array(slots).fill(-1);
  }

  /** The second `now` falls in; buckets before it are closed. */
  get nowSecond(): number {
    return this.currentSecond;
  }

  /** The oldest second the live window holds. */
  get liveStartSecond(): number {
    return this.currentSecond - this.liveSeconds + 1;
  }

  /** The oldest minute held in memory. */
  get minuteFloor(): number {
    return Math.floor(this.currentSecond / 60) - this.minuteMemory;
  }

  /** Counts a batch. Events older than retention are returned as rejections, not counted. */
  add(events: readonly SipEvent[], now: number): Rejection[] {
    this.advance(now);
    const oldest = now - this.retentionMs;
    const liveStart = this.liveStartSecond;
    const aheadLimit = this.currentSecond + MAX_AHEAD_SECONDS;
    const minuteFloor = this.minuteFloor;
    let rejections: Rejection[] | undefined;
    for (const e of events) {
      if (e.ts < oldest) {
        (rejections ??= []).push({ event: e, reason: 'older-than-retention' });
        continue;
      }
      let second = Math.floor(e.ts / SECOND_MS);
      if (second > aheadLimit) {
        second = this.currentSecond;
        this.clamped++;
      }
      const trunk = this.trunks.idOf(e.trunk, now);
      const key = packCell(
        trunk,
        this.sources.idOf(e.source.host, now),
        this.methods.idOf(e.method, now),
        e.code,
        eventFlags(e),
      );
      if (second >= liveStart) {
        this.secondTable(second).add(key);
        this.dirtySeconds.add(second);
        if (second <= this.tickedSecond) {
          let late = this.lateCells.get(second);
          if (!late) this.lateCells.set(second, (late = new CellTable()));
          late.add(key);
        }
      }
      const minute = Math.floor(second / 60);
      if (this.heldInMemory(minute, minuteFloor)) {
        let table = this.minutes.get(minute);
        if (!table) this.minutes.set(minute, (table = new CellTable()));
        table.add(key);
        this.dirtyMinutes.add(minute);
      } else {
        let delta = this.minuteDeltas.get(minute);
        if (!delta) this.minuteDeltas.set(minute, (delta = new CellTable()));
        delta.add(key);
      }
      this.countTotal(trunk, e.code);
    }
    return rejections ?? [];
  }

  /**
   * Moves time on: closes seconds, compacts closed buckets, drops minutes that left memory.
   * Returns the newest closed second and hands over (and forgets) the late changes to seconds
   * earlier ticks closed.
   */
  tick(now: number): TickResult {
    this.advance(now);
    const closed = this.currentSecond - 1;
    const liveStart = this.liveStartSecond;
    const revised: TimedTable[] = [];
    // A second not before `closed` is carried whole by this tick's own point.
    for (const [at, table] of this.lateCells) if (at < closed && at >= liveStart) revised.push({ at, table });
    revised.sort((a, b) => b.at - a.at);
    this.lateCells = new Map();
    if (closed > this.tickedSecond) this.tickedSecond = closed;
    this.ringTable(closed)?.compact();
    this.ringTable(closed - 1)?.compact();
    const floor = this.minuteFloor;
    const currentMinute = Math.floor(this.currentSecond / 60);
    for (const [minute, table] of this.minutes) {
      if (minute < floor && !this.dirtyMinutes.has(minute)) this.minutes.delete(minute);
      else if (minute < currentMinute) table.compact();
    }
    return { closed, revised };
  }

  /** The 1-second table of a second in the live window, if it saw anything. */
  secondAt(second: number): CellTable | undefined {
    if (second < this.liveStartSecond) return undefined;
    return this.ringTable(second);
  }

  minuteAt(minute: number): CellTable | undefined {
    return this.minutes.get(minute);
  }

  /**
   * The tables that together count [from, to) once each: whole minutes from the rollups, partial
   * minutes from 1-second buckets where the live window has them. Outside the live window the
   * range widens to whole minutes.
   */
  tablesFor(fromMs: number, toMs: number): Coverage {
    let from = Math.floor(fromMs / SECOND_MS);
    let to = Math.floor(toMs / SECOND_MS);
    const tables: CellTable[] = [];
    if (to <= from) return { from: from * SECOND_MS, to: from * SECOND_MS, tables, storeMinutes: null };
    const liveStart = this.liveStartSecond;
    // Seconds before the live window can only be answered by whole minutes.
    const junction = Math.ceil(liveStart / 60) * 60;
    if (from < junction) from = Math.floor(from / 60) * 60;
    if (to < junction) to = Math.ceil(to / 60) * 60;
    const floor = this.minuteFloor;
    let storeFrom = Infinity;
    let storeTo = -Infinity;
    let s = from;
    while (s < to) {
      const wholeMinute = s % 60 === 0 && s + 60 <= to;
      if (wholeMinute || s < junction) {
        const minute = Math.floor(s / 60);
        if (!this.heldInMemory(minute, floor)) {
          storeFrom = Math.min(storeFrom, minute);
          storeTo = Math.max(storeTo, minute + 1);
          const delta = this.minuteDeltas.get(minute);
          if (delta) tables.push(delta);
        } else {
          const table = this.minutes.get(minute);
          if (table) tables.push(table);
        }
        s = (minute + 1) * 60;
      } else {
        const table = this.secondAt(s);
        if (table) tables.push(table);
        s++;
      }
    }
    return {
      from: from * SECOND_MS,
      to: to * SECOND_MS,
      tables,
      storeMinutes: storeFrom < storeTo ? { from: storeFrom, to: storeTo } : null,
    };
  }

  /**
   * Hands over everything changed since the last call; `restoreDirty` undoes it after a failed
   * write. A minute still open stays pending until it closes (its seconds carry it meanwhile, and
   * `load` rebuilds it from them), so a flush never rewrites the busiest table every second. Past
   * minutes go at most `pastMinutesPerDrain` at a time (a burst of old events spread over a month
   * would otherwise make one flush rewrite 43,200 rows); the rest wait, still counted by queries.
   * `all` hands over everything, open minutes too (the final flush).
   */
  takeDirty(options: { all?: boolean } = {}): DirtySet {
    const seconds: TimedTable[] = [];
    for (const second of this.dirtySeconds) {
      const table = this.ringTable(second);
      if (table) seconds.push({ at: second, table });
    }
    const minutes: TimedTable[] = [];
    const open = Math.floor(this.currentSecond / 60);
    const stillOpen = new Set<number>();
    const openToo = options.all === true || this.drainOpenMinutes;
    this.drainOpenMinutes = false;
    for (const minute of this.dirtyMinutes) {
      if (minute >= open && !openToo) {
        stillOpen.add(minute);
        continue;
      }
      const table = this.minutes.get(minute);
      if (table) minutes.push({ at: minute, table });
    }
    const minuteDeltas: TimedTable[] = [];
    for (const [at, table] of this.minuteDeltas) {
      if (minuteDeltas.length >= this.pastMinutesPerDrain && !options.all) break;
      minuteDeltas.push({ at, table });
    }
    this.dirtySeconds = new Set();
    this.dirtyMinutes = stillOpen;
    if (minuteDeltas.length === this.minuteDeltas.size) this.minuteDeltas.clear();
    else for (const { at } of minuteDeltas) this.minuteDeltas.delete(at);
    const dimensions = [
      ...this.trunks.takeUnsaved(),
      ...this.sources.takeUnsaved(),
      ...this.methods.takeUnsaved(),
    ];
    return { seconds, minutes, minuteDeltas, dimensions };
  }

  /** Minutes with changes not yet handed over (each a table held in memory until written). */
  unwrittenMinutes(): number {
    return this.dirtyMinutes.size + this.minuteDeltas.size;
  }

  restoreDirty(set: DirtySet): void {
    for (const { at } of set.seconds) this.dirtySeconds.add(at);
    for (const { at } of set.minutes) this.dirtyMinutes.add(at);
    for (const { at, table } of set.minuteDeltas) {
      const pending = this.minuteDeltas.get(at);
      if (pending) pending.merge(table);
      else this.minuteDeltas.set(at, table);
    }
    for (const table of [this.trunks, this.sources, this.methods]) {
      table.restoreUnsaved(set.dimensions.filter((d) => d.kind === table.kind));
    }
  }

  /** Restores what the store kept, before any event is added. */
  load(
    state: { dimensions: DimensionEntry[]; seconds: TimedTable[]; minutes: TimedTable[] },
    now: number,
  ): void {
    this.advance(now);
    this.trunks.load(state.dimensions, now);
    this.sources.load(state.dimensions, now);
    this.methods.load(state.dimensions, now);
    const liveStart = this.liveStartSecond;
    for (const { at, table } of state.seconds) {
      if (at < liveStart || at > this.currentSecond + MAX_AHEAD_SECONDS) continue;
      const slot = this.secondTable(at);
      slot.merge(table);
      slot.compact();
    }
    const floor = this.minuteFloor;
    for (const { at, table } of state.minutes) {
      if (at < floor) continue;
      this.minutes.set(at, table);
    }
    // Minutes wholly inside the live window are rebuilt from their seconds: the stored row of the
    // minute that was open at shutdown may be missing or behind. They are written again at the
    // next flush.
    const current = Math.floor(this.currentSecond / 60);
    for (let minute = Math.ceil(liveStart / 60); minute <= current; minute++) {
      const rebuilt = new CellTable();
      for (let s = minute * 60; s < minute * 60 + 60; s++) {
        const second = this.ringTable(s);
        if (second) rebuilt.merge(second);
      }
      if (rebuilt.size === 0 && !this.minutes.has(minute)) continue;
      rebuilt.compact();
      this.minutes.set(minute, rebuilt);
      this.dirtyMinutes.add(minute);
    }
  }

  /** Cumulative responses per trunk and class since start (for /metrics). */
  forEachTrunkTotal(fn: (trunk: string, classIndex: number, count: number) => void): void {
    const totals = this.totalByTrunkClass;
    for (let id = 0; id * 6 < totals.length; id++) {
      for (let c = 0; c < 6; c++) {
        const n = totals[id * 6 + c]!;
        if (n > 0) fn(this.trunks.nameOf(id), c, n);
      }
    }
  }

  /** Cells held in memory (for the memory bench and /metrics). */
  cellCount(): number {
    let n = 0;
    for (const t of this.ring) if (t) n += t.size;
    for (const t of this.minutes.values()) n += t.size;
    for (const t of this.minuteDeltas.values()) n += t.size;
    return n;
  }

  /** Past minutes waiting for a drain (more than one drain may take; see pastMinutesPerDrain). */
  get pendingPastMinutes(): number {
    return this.minuteDeltas.size;
  }

  /**
   * Moves the current second forward. Back only on a jump of more than BACKWARD_JUMP_SECONDS (an
   * NTP step, a VM restored): the live window then follows the new clock, or it would show nothing
   * until the clock caught up again; a smaller step back is taken as jitter and ignored.
   */
  advance(now: number): void {
    const second = Math.floor(now / SECOND_MS);
    if (second > this.currentSecond) this.currentSecond = second;
    else if (second < this.currentSecond - BACKWARD_JUMP_SECONDS) this.jumpBack(second);
    const floor = this.minuteFloor;
    if (floor > this.heldFloor) this.heldFloor = floor;
  }

  private jumpBack(second: number): void {
    this.backwardJumps++;
    this.lastBackwardJumpMs = (this.currentSecond - second) * SECOND_MS;
    this.currentSecond = second;
    if (this.tickedSecond > second - 1) this.tickedSecond = second - 1;
    this.lateCells = new Map();
    // Minutes the old clock still had open would otherwise wait for it to come round again.
    this.drainOpenMinutes = true;
  }

  /**
   * Whether a minute is counted in memory (a whole table) or as a delta onto the stored row. After
   * a backward jump the floor is lower than before: minutes that left memory meanwhile are in the
   * store, so they stay deltas.
   */
  private heldInMemory(minute: number, floor: number): boolean {
    if (minute < floor) return false;
    return minute >= this.heldFloor || this.minutes.has(minute);
  }

  private ringTable(second: number): CellTable | undefined {
    const slot = ((second % this.ring.length) + this.ring.length) % this.ring.length;
    return this.ringSeconds[slot] === second ? this.ring[slot] : undefined;
  }

  private secondTable(second: number): CellTable {
    const slot = ((second % this.ring.length) + this.ring.length) % this.ring.length;
    if (this.ringSeconds[slot] !== second) {
      this.ring[slot] = new CellTable();
      this.ringSeconds[slot] = second;
    }
    return this.ring[slot]!;
  }

  private countTotal(trunk: number, code: number): void {
    this.totalByCode[code - 100] = this.totalByCode[code - 100]! + 1;
    const index = trunk * 6 + Math.floor(code / 100) - 1;
    if (index >= this.totalByTrunkClass.length) {
      const grown = new Float64Array(Math.max(index + 1, this.totalByTrunkClass.length * 2));
      grown.set(this.totalByTrunkClass);
      this.totalByTrunkClass = grown;
    }
    this.totalByTrunkClass[index] = this.totalByTrunkClass[index]! + 1;
  }
}
