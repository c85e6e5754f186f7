const LF = 10;
const SP = 32;
const LT = 60;
const MAX_LENGTH_DIGITS = 9;
export class SyslogFramer {
    maxMessageBytes;
    pending;
    /** Bytes of an oversize octet-counted frame still to discard. */
    skipBytes = 0;
    /** Discarding an oversize LF frame up to its LF. */
    skipLine = false;
    constructor(maxMessageBytes) {
        this.maxMessageBytes = maxMessageBytes;
    }
    /** Bytes held while waiting for the rest of a frame (bounded by maxMessageBytes + a prefix). */
    get buffered() {
        return this.pending?.length ?? 0;
    }
    push(chunk) {
        const out = { frames: [], oversize: 0 };
        const data = this.pending ? Buffer.concat([this.pending, chunk]) : chunk;
        this.pending = undefined;
        const len = data.length;
        let pos = 0;
        while (pos < len) {
            if (this.skipBytes > 0) {
                const take = Math.min(this.skipBytes, len - pos);
                this.skipBytes -= take;
                pos += take;
                continue;
            }
            if (this.skipLine) {
                const lf = data.indexOf(LF, pos);
                if (lf < 0)
                    return out;
                this.skipLine = false;
                pos = lf + 1;
                continue;
            }
            const octet = readOctetPrefix(data, pos);
            if (octet === 'more')
                break;
            if (octet) {
                const start = pos + octet.prefixBytes;
                if (octet.length > this.maxMessageBytes) {
                    out.oversize++;
                    this.skipBytes = octet.length;
                    pos = start;
                    continue;
                }
                if (len - start < octet.length)
                    break;
                pushFrame(out, data, start, start + octet.length);
                pos = start + octet.length;
                continue;
            }
            const lf = data.indexOf(LF, pos);
            if (lf < 0) {
                if (len - pos > this.maxMessageBytes) {
                    out.oversize++;
                    this.skipLine = true;
                    return out;
                }
                break;
            }
            const contentBytes = lf - pos - (lf > pos && data[lf - 1] === 13 ? 1 : 0);
            if (contentBytes > this.maxMessageBytes)
                out.oversize++;
            else
                pushFrame(out, data, pos, lf);
            pos = lf + 1;
        }
        if (pos < len)
            this.pending = Buffer.from(data.subarray(pos));
        return out;
    }
    /**
     * The peer closed: an unterminated LF frame is still a message (as rsyslog treats it); a cut
     * octet-counted frame is not and counts as truncated.
     */
    end() {
        const rest = this.pending;
        this.pending = undefined;
        this.skipBytes = 0;
        this.skipLine = false;
        if (!rest || rest.length === 0)
            return { truncated: false };
        const octet = readOctetPrefix(rest, 0);
        if (octet && octet !== 'more')
            return { truncated: true };
        const out = { frames: [], oversize: 0 };
        pushFrame(out, rest, 0, rest.length);
        return out.frames[0] ? { frame: out.frames[0], truncated: false } : { truncated: false };
    }
}
/** `undefined`: not octet-counted; `'more'`: cannot tell yet (prefix split across reads). */
function readOctetPrefix(data, pos) {
    const first = data[pos];
    if (first < 0x31 || first > 0x39)
        return undefined;
    let i = pos + 1;
    while (i < data.length && i - pos <= MAX_LENGTH_DIGITS) {
        const c = data[i];
        if (c >= 0x30 && c <= 0x39) {
            i++;
            continue;
        }
        if (c !== SP)
            return undefined;
        if (i + 1 >= data.length)
            return 'more';
        if (data[i + 1] !== LT)
            return undefined;
        return { length: Number(data.toString('latin1', pos, i)), prefixBytes: i + 1 - pos };
    }
    return i - pos > MAX_LENGTH_DIGITS ? undefined : 'more';
}
/** Drops CR before LF and NULs/whitespace-only frames (keep-alives, blank lines). */
function pushFrame(out, data, start, end) {
    let s = start;
    let e = end;
    while (e > s && (data[e - 1] === 13 || data[e - 1] === 0 || data[e - 1] === LF))
        e--;
    while (s < e && (data[s] === 0 || data[s] === 13 || data[s] === LF))
        s++;
    if (e > s)
        out.frames.push(data.subarray(s, e));
}
//# sourceMappingURL=framing.js.map