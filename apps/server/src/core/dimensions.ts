/**
 * Bounded name → id tables for the dimensions the aggregator slices by (trunk, source, method).
 * Ids are stable for the life of the database (cells store ids, not names). Past the cap, new
 * names fold into `other` and the fold is counted.
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
}

export class DimensionTable {
  private readonly ids = new Map<string, number>();
  private readonly names: string[] = [NONE_NAME, OTHER_NAME];
  private unsaved: DimensionEntry[] = [];
  /** Events whose name was folded into `other` because the table was full. */
  folded = 0;

  constructor(
    readonly kind: DimensionKind,
    /** Distinct names kept, besides `(none)` and `other`. */
    readonly cap: number,
    private readonly normalise: (name: string) => string = (n) => n,
  ) {}

  /** The id of a name, interning it while there is room. */
  idOf(name: string | undefined): number {
    if (name === undefined) return NONE_ID;
    const key = this.normalise(name);
    if (key === '' || key === NONE_NAME) return NONE_ID;
    // A real trunk called "other" shares the row of the folded ones.
    if (key === OTHER_NAME) return OTHER_ID;
    const known = this.ids.get(key);
    if (known !== undefined) return known;
    if (this.names.length - 2 >= this.cap) {
      this.folded++;
      return OTHER_ID;
    }
    const id = this.names.length;
    this.names.push(key);
    this.ids.set(key, id);
    this.unsaved.push({ kind: this.kind, id, name: key });
    return id;
  }

  /** Looks a name up without interning it (filters); `(none)` and `other` are names too. */
  find(name: string): number | undefined {
    const key = this.normalise(name);
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

  /** Entries interned since the last call (the flush persists them). */
  takeUnsaved(): DimensionEntry[] {
    const out = this.unsaved;
    this.unsaved = [];
    return out;
  }

  /** Puts entries back after a failed write. */
  restoreUnsaved(entries: DimensionEntry[]): void {
    this.unsaved = [...entries, ...this.unsaved];
  }

  /** Restores persisted entries; ids must be dense from 2 (gaps are filled with `other`). */
  load(entries: readonly DimensionEntry[]): void {
    for (const e of entries) {
      if (e.kind !== this.kind || e.id < 2) continue;
      while (this.names.length < e.id) this.names.push(OTHER_NAME);
      this.names[e.id] = e.name;
      this.ids.set(e.name, e.id);
    }
  }

  /** Every named entry (ids ≥ 2). */
  entries(): DimensionEntry[] {
    return this.names.slice(2).map((name, i) => ({ kind: this.kind, id: i + 2, name }));
  }
}
