/**
 * The counts of one time bucket, by cell key (see cell-key.ts). Open buckets count in a Map;
 * `compact()` moves them into sorted typed arrays (about 12 bytes a cell), which is how closed
 * buckets are kept. A late event for a compacted bucket lands in a small Map beside the arrays.
 */
export class CellTable {
    keys = EMPTY_KEYS;
    counts = EMPTY_COUNTS;
    open;
    static fromArrays(keys, counts) {
        const table = new CellTable();
        table.keys = keys;
        table.counts = counts;
        return table;
    }
    add(key, n = 1) {
        if (this.keys.length > 0) {
            const i = search(this.keys, key);
            if (i >= 0) {
                this.counts[i] = this.counts[i] + n;
                return;
            }
        }
        this.open ??= new Map();
        this.open.set(key, (this.open.get(key) ?? 0) + n);
    }
    /** Adds every cell of another table. */
    merge(other) {
        other.forEach((key, count) => this.add(key, count));
    }
    /** Distinct cells (an upper bound while late additions are pending). */
    get size() {
        return this.keys.length + (this.open?.size ?? 0);
    }
    has(key) {
        return (this.keys.length > 0 && search(this.keys, key) >= 0) || (this.open?.has(key) ?? false);
    }
    forEach(fn) {
        const { keys, counts } = this;
        for (let i = 0; i < keys.length; i++)
            fn(keys[i], counts[i]);
        if (this.open)
            for (const [key, count] of this.open)
                fn(key, count);
    }
    total() {
        let sum = 0;
        this.forEach((_k, c) => (sum += c));
        return sum;
    }
    /** Folds the open Map into the sorted arrays. */
    compact() {
        if (!this.open || this.open.size === 0) {
            this.open = undefined;
            return;
        }
        const extra = [...this.open.keys()].sort((a, b) => a - b);
        const keys = new Float64Array(this.keys.length + extra.length);
        const counts = new Uint32Array(keys.length);
        let i = 0;
        let j = 0;
        let k = 0;
        while (i < this.keys.length || j < extra.length) {
            if (j >= extra.length || (i < this.keys.length && this.keys[i] < extra[j])) {
                keys[k] = this.keys[i];
                counts[k++] = this.counts[i++];
            }
            else {
                const key = extra[j++];
                keys[k] = key;
                counts[k++] = this.open.get(key);
            }
        }
        this.keys = keys;
        this.counts = counts;
        this.open = undefined;
    }
    /** Sorted, unique keys and their counts (compacts first). */
    arrays() {
        this.compact();
        return { keys: this.keys, counts: this.counts };
    }
    clone() {
        this.compact();
        return CellTable.fromArrays(this.keys.slice(), this.counts.slice());
    }
}
const EMPTY_KEYS = new Float64Array(0);
const EMPTY_COUNTS = new Uint32Array(0);
function search(keys, key) {
    let lo = 0;
    let hi = keys.length - 1;
    while (lo <= hi) {
        const mid = (lo + hi) >>> 1;
        const v = keys[mid];
        if (v < key)
            lo = mid + 1;
        else if (v > key)
            hi = mid - 1;
        else
            return mid;
    }
    return -1;
}
//# sourceMappingURL=cell-table.js.map