import { MAX_DIMENSION_ID } from './cell-key.js';
import { dimensionName } from './names.js';

/**
 * Bounded name → id tables for the dimensions the aggregator slices by (trunk, source, method).
 * Cells store ids, not names. At most `cap` names are active at once; past it, new names fold into
 * `other` and the fold is counted.
 *
 * Recycling: a name unseen for `idleMs` (or reset by an admin) is retired: it leaves the cap, so
 * yesterday's 500 fake names do not push today's real trunk into `other`. A retired name keeps its
 * id, and its name for that id, until no stored row can reference it any more (its last sighting is
 * older than retention): old rows still read with the right name, and only then is the id given to
 * a new name. A retired name seen again gets its old id back while it still has it. Ids stay below
 * `idLimit` (8 × cap), which bounds the per-query tallies that are sized by ids.
 */

export const NONE_ID = 0;
export const OTHER_ID = 1;
/** Shown for events that did not carry the dimension at all. */
export const NONE_NAME = '(none)';
export const OTHER_NAME = 'other';

export const DIMENSION_KINDS = ['trunk', 'source', 'method'] as const;
export type DimensionKind = (typeof DIMENSION_KINDS)[number];

export interface DimensionEntry {
  kind: DimensionKind;
  id: number;
  name: string;
  /** Epoch ms of the last event with this name, to the minute; absent: unknown (taken as load time). */
  lastSeen?: number;
  /** Out of the cap (idle or reset), kept for the rows that still reference the id. */
  retired?: boolean;
}

export interface DimensionPolicy {
  /** Distinct active names kept, besides `(none)` and `other`. */
  cap: number;
  /** Unseen this long, a name is retired (0: never). */
  idleMs: number;
  /** How long stored rows reference an id: a retired id is reused only after this. */
  retentionMs: number;
  /** When set, only these names get an id; anything else counts under `other`. */
  allowed?: ReadonlySet<string>;
  normalise?: (name: string) => string;
  /** What a cell key can hold for this dimension; new ids stay below 8 × cap within it. */
  idLimit?: number;
  /** Told when an id is given to a new name (running totals kept per id start again). */
  onReuse?: (id: number) => void;
}

/** lastSeen is persisted when it moved on by this much, so busy names do not rewrite a row per flush. */
const LAST_SEEN_STEP_MS = 60_000;
/** A full table looks for idle names at most this often. */
const SWEEP_EVERY_MS = 1000;

export class DimensionTable {
  readonly cap: number;
  readonly idLimit: number;
  /** What a cell key can hold. */
  private readonly keyLimit: number;
  /** Events whose name was folded into `other` because the table was full (or not allowed). */
  folded = 0;
  /** Names retired since start (idle or reset). */
  recycled = 0;

  private readonly ids = new Map<string, number>();
  private readonly names: string[] = [NONE_NAME, OTHER_NAME];
  private lastSeen: number[] = [0, 0];
  private persistedSeen: number[] = [0, 0];
  private retired: boolean[] = [false, false];
  private active = 0;
  private unsaved = new Set<number>();
  private lastSweep = -Infinity;
  /** No retired id can be reused before this (epoch ms). */
  private reuseFrom = Infinity;

  constructor(
    readonly kind: DimensionKind,
    private readonly policy: DimensionPolicy,
  ) {
    this.cap = policy.cap;
    this.keyLimit = policy.idLimit ?? MAX_DIMENSION_ID + 1;
    this.idLimit = Math.min(this.keyLimit, 2 + policy.cap * 8);
  }

  /** The id of a name at `now`, interning it while there is room. */
  idOf(name: string | undefined, now: number): number {
    if (name === undefined) return NONE_ID;
    const raw = this.policy.normalise ? this.policy.normalise(name) : name;
    let id = this.ids.get(raw);
    if (id === undefined) {
      const key = dimensionName(raw);
      if (key === '' || key === NONE_NAME) return NONE_ID;
      // A real trunk called "other" shares the row of the folded ones.
      if (key === OTHER_NAME) return OTHER_ID;
      id = this.ids.get(key);
      if (id === undefined) return this.intern(key, now);
    }
    if (this.retired[id] && !this.reactivate(id, now)) {
      this.folded++;
      return OTHER_ID;
    }
    this.seen(id, now);
    return id;
  }

  /** Looks a name up without interning it (filters); `(none)` and `other` are names too. */
  find(name: string): number | undefined {
    const raw = this.policy.normalise ? this.policy.normalise(name) : name;
    const key = dimensionName(raw);
    if (key === NONE_NAME || key === '') return NONE_ID;
    if (key === OTHER_NAME) return OTHER_ID;
    return this.ids.get(key);
  }

  nameOf(id: number): string {
    return this.names[id] ?? OTHER_NAME;
  }

  /** Ids in use, `(none)` and `other` included. */
  get size(): number {
    return this.names.length;
  }

  /** Names holding a place under the cap. */
  get activeCount(): number {
    return this.active;
  }

  /**
   * Retires every active name (the admin reset): each keeps its id for the rows that reference it,
   * and leaves the cap. Returns how many were retired.
   */
  reset(): number {
    let n = 0;
    for (let id = 2; id < this.names.length; id++) {
      if (this.retired[id]) continue;
      this.retire(id);
      n++;
    }
    return n;
  }

  /** Entries changed since the last call (the flush persists them). */
  takeUnsaved(): DimensionEntry[] {
    const out = [...this.unsaved].map((id) => this.entry(id));
    for (const id of this.unsaved) this.persistedSeen[id] = this.lastSeen[id]!;
    this.unsaved = new Set();
    return out;
  }

  /** Puts entries back after a failed write. */
  restoreUnsaved(entries: DimensionEntry[]): void {
    for (const e of entries) if (e.kind === this.kind) this.unsaved.add(e.id);
  }

  /** Restores persisted entries; gaps in the ids are filled with retired `other`s. */
  load(entries: readonly DimensionEntry[], now: number): void {
    for (const e of entries) {
      // Ids above a lowered limit are kept: stored rows still reference them (no new id goes there).
      if (e.kind !== this.kind || e.id < 2 || e.id >= this.keyLimit) continue;
      while (this.names.length <= e.id) this.push(OTHER_NAME, 0, true);
      const name = this.policy.normalise ? this.policy.normalise(e.name) : e.name;
      this.names[e.id] = name;
      this.ids.set(name, e.id);
      this.lastSeen[e.id] = this.persistedSeen[e.id] = e.lastSeen || now;
      const retired = e.retired === true || (this.active >= this.cap && !this.retired[e.id]);
      if (retired !== this.retired[e.id]) {
        this.retired[e.id] = retired;
        this.active += retired ? -1 : 1;
      }
    }
    // A lowered cap retires the surplus (the newest ids first keep their place: lowest ids win).
    for (let id = this.names.length - 1; id >= 2 && this.active > this.cap; id--)
      if (!this.retired[id]) this.retire(id);
    // The next name that finds no fresh id looks for a reusable one.
    this.reuseFrom = -Infinity;
  }

  /** Every named entry (ids ≥ 2). */
  entries(): DimensionEntry[] {
    return this.names.slice(2).map((_, i) => this.entry(i + 2));
  }

  private entry(id: number): DimensionEntry {
    const e: DimensionEntry = { kind: this.kind, id, name: this.names[id]!, lastSeen: this.lastSeen[id]! };
    if (this.retired[id]) e.retired = true;
    return e;
  }

  private intern(name: string, now: number): number {
    if (this.policy.allowed && !this.policy.allowed.has(name)) {
      this.folded++;
      return OTHER_ID;
    }
    if (!this.roomFor(now)) {
      this.folded++;
      return OTHER_ID;
    }
    let id: number;
    if (this.names.length < this.idLimit) {
      id = this.names.length;
      this.push(name, now, false);
    } else {
      if (now < this.reuseFrom) {
        this.folded++;
        return OTHER_ID;
      }
      const free = this.reusableId(now);
      if (free === undefined) {
        this.folded++;
        return OTHER_ID;
      }
      id = free;
      if (this.ids.get(this.names[id]!) === id) this.ids.delete(this.names[id]!);
      this.names[id] = name;
      this.retired[id] = false;
      this.lastSeen[id] = now;
      this.active++;
      this.policy.onReuse?.(id);
    }
    this.ids.set(name, id);
    this.unsaved.add(id);
    return id;
  }

  private reactivate(id: number, now: number): boolean {
    if (!this.roomFor(now)) return false;
    this.retired[id] = false;
    this.active++;
    this.unsaved.add(id);
    return true;
  }

  /** Whether a name may become active, retiring idle ones when the table is full. */
  private roomFor(now: number): boolean {
    if (this.active < this.cap) return true;
    if (this.policy.idleMs <= 0 || now - this.lastSweep < SWEEP_EVERY_MS) return false;
    this.lastSweep = now;
    const idleBefore = now - this.policy.idleMs;
    for (let id = 2; id < this.names.length; id++)
      if (!this.retired[id] && this.lastSeen[id]! < idleBefore) this.retire(id);
    return this.active < this.cap;
  }

  /** The retired id seen longest ago, once no stored row within retention can reference it. */
  private reusableId(now: number): number | undefined {
    let best: number | undefined;
    let oldest = Infinity;
    for (let id = 2; id < this.names.length; id++) {
      if (!this.retired[id]) continue;
      const seen = this.lastSeen[id]!;
      if (seen < oldest) {
        oldest = seen;
        best = id;
      }
    }
    this.reuseFrom = oldest + this.policy.retentionMs;
    if (best === undefined || now < this.reuseFrom) return undefined;
    // The next oldest decides when the next reuse can be.
    this.reuseFrom = -Infinity;
    return best;
  }

  private retire(id: number): void {
    this.retired[id] = true;
    this.reuseFrom = Math.min(this.reuseFrom, this.lastSeen[id]! + this.policy.retentionMs);
    this.active--;
    this.recycled++;
    this.unsaved.add(id);
  }

  private seen(id: number, now: number): void {
    if (now <= this.lastSeen[id]!) return;
    this.lastSeen[id] = now;
    if (now - this.persistedSeen[id]! >= LAST_SEEN_STEP_MS) this.unsaved.add(id);
  }

  private push(name: string, seen: number, retired: boolean): void {
    this.names.push(name);
    this.lastSeen.push(seen);
    this.persistedSeen.push(seen);
    this.retired.push(retired);
    if (!retired) this.active++;
  }
}
