import { deflateRawSync, inflateRawSync } from 'node:zlib';
import { CellTable } from '../core/cell-table.js';
/**
 * The on-disk form of a cell table: a version byte, then deflate over varints: the cell count,
 * then per cell the key's difference from the previous key and the count. Keys are sorted, so
 * differences are small; a minute of 1,000 cells takes a few kilobytes.
 */
const VERSION = 1;
export function encodeCells(table) {
    const { keys, counts } = table.arrays();
    const out = new VarintWriter(keys.length * 4 + 8);
    out.write(keys.length);
    let prev = 0;
    for (let i = 0; i < keys.length; i++) {
        out.write(keys[i] - prev);
        out.write(counts[i]);
        prev = keys[i];
    }
    const body = deflateRawSync(out.bytes());
    const buf = Buffer.allocUnsafe(body.length + 1);
    buf[0] = VERSION;
    body.copy(buf, 1);
    return buf;
}
export function decodeCells(blob) {
    if (blob.length === 0 || blob[0] !== VERSION)
        throw new Error(`unknown cell encoding ${blob[0]}`);
    const bytes = inflateRawSync(blob.subarray(1));
    const reader = new VarintReader(bytes);
    const n = reader.read();
    const keys = new Float64Array(n);
    const counts = new Uint32Array(n);
    let prev = 0;
    for (let i = 0; i < n; i++) {
        prev += reader.read();
        keys[i] = prev;
        counts[i] = reader.read();
    }
    return CellTable.fromArrays(keys, counts);
}
class VarintWriter {
    buf;
    len = 0;
    constructor(capacity) {
        this.buf = new Uint8Array(Math.max(16, capacity));
    }
    /** Unsigned integers up to 2^53. */
    write(value) {
        if (this.len + 8 > this.buf.length) {
            const grown = new Uint8Array(this.buf.length * 2);
            grown.set(this.buf);
            this.buf = grown;
        }
        let v = value;
        while (v >= 0x80) {
            this.buf[this.len++] = (v % 0x80) | 0x80;
            v = Math.floor(v / 0x80);
        }
        this.buf[this.len++] = v;
    }
    bytes() {
        return this.buf.subarray(0, this.len);
    }
}
class VarintReader {
    buf;
    pos = 0;
    constructor(buf) {
        this.buf = buf;
    }
    read() {
        let value = 0;
        let scale = 1;
        for (;;) {
            if (this.pos >= this.buf.length)
                throw new Error('truncated cell data');
            const b = this.buf[this.pos++];
            value += (b & 0x7f) * scale;
            if (b < 0x80)
                return value;
            scale *= 0x80;
        }
    }
}
//# sourceMappingURL=cell-codec.js.map