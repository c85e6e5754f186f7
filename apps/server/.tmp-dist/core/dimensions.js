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
export const DIMENSION_KINDS = ['trunk', 'source', 'method'];
export class DimensionTable {
    kind;
    cap;
    normalise;
    ids = new Map();
    names = [NONE_NAME, OTHER_NAME];
    unsaved = [];
    /** Events whose name was folded into `other` because the table was full. */
    folded = 0;
    constructor(kind, 
    /** Distinct names kept, besides `(none)` and `other`. */
    cap, normalise = (n) => n) {
        this.kind = kind;
        this.cap = cap;
        this.normalise = normalise;
    }
    /** The id of a name, interning it while there is room. */
    idOf(name) {
        if (name === undefined)
            return NONE_ID;
        const key = this.normalise(name);
        if (key === '' || key === NONE_NAME)
            return NONE_ID;
        // A real trunk called "other" shares the row of the folded ones.
        if (key === OTHER_NAME)
            return OTHER_ID;
        const known = this.ids.get(key);
        if (known !== undefined)
            return known;
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
    find(name) {
        const key = this.normalise(name);
        if (key === NONE_NAME || key === '')
            return NONE_ID;
        if (key === OTHER_NAME)
            return OTHER_ID;
        return this.ids.get(key);
    }
    nameOf(id) {
        return this.names[id] ?? OTHER_NAME;
    }
    /** Ids in use, `(none)` and `other` included. */
    get size() {
        return this.names.length;
    }
    /** Entries interned since the last call (the flush persists them). */
    takeUnsaved() {
        const out = this.unsaved;
        this.unsaved = [];
        return out;
    }
    /** Puts entries back after a failed write. */
    restoreUnsaved(entries) {
        this.unsaved = [...entries, ...this.unsaved];
    }
    /** Restores persisted entries; ids must be dense from 2 (gaps are filled with `other`). */
    load(entries) {
        for (const e of entries) {
            if (e.kind !== this.kind || e.id < 2)
                continue;
            while (this.names.length < e.id)
                this.names.push(OTHER_NAME);
            this.names[e.id] = e.name;
            this.ids.set(e.name, e.id);
        }
    }
    /** Every named entry (ids ≥ 2). */
    entries() {
        return this.names.slice(2).map((name, i) => ({ kind: this.kind, id: i + 2, name }));
    }
}
//# sourceMappingURL=dimensions.js.map