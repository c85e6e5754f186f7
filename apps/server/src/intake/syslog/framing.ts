/**
 * Splits a TCP syslog stream into messages. Framing is detected per frame (RFC 6587): a frame that
 * starts with `<digits> <` is octet-counted (`MSG-LEN SP SYSLOG-MSG`), anything else ends at LF
 * (CR before it and NULs around it are dropped). Frames may be split across reads or several may
 * arrive in one read.
 *
 * A frame longer than `maxMessageBytes` is reported as oversize and skipped without buffering it:
 * an octet-counted one by its announced length, an LF one up to its next LF. The stream then
 * continues with the next frame (resync), so one bad frame does not cost the connection.
 */
export interface FramerOutput {
  frames: Buffer[];
  /** Frames refused for their size. */
  oversize: number;
}

const LF = 10;
const SP = 32;
const LT = 60;
const MAX_LENGTH_DIGITS = 9;

export class SyslogFramer {
  /** Bytes of an unfinished frame, kept as the reads that brought them (no copy per read). */
  private parts: Buffer[] = [];
  private partsLength = 0;
  /**
   * What the held bytes wait for: the total size of an octet-counted frame, the LF that ends an LF
   * frame (the held bytes have none), or enough bytes to read the length prefix.
   */
  private waitFor: number | 'lf' | 'prefix' = 'prefix';
  /** Bytes of an oversize octet-counted frame still to discard. */
  private skipBytes = 0;
  /** Discarding an oversize LF frame up to its LF. */
  private skipLine = false;

  constructor(private readonly maxMessageBytes: number) {}

  /** Bytes held while waiting for the rest of a frame (bounded by maxMessageBytes + a prefix). */
  get buffered(): number {
    return this.partsLength;
  }

  /** Whether a frame has begun and not ended: bytes held, or an oversize frame being skipped. */
  get inFrame(): boolean {
    return this.partsLength > 0 || this.skipBytes > 0 || this.skipLine;
  }

  push(chunk: Buffer): FramerOutput {
    if (this.partsLength === 0) return this.scan(chunk);
    // A frame sent in small pieces costs one look at each piece and one join, not a join and a
    // scan of everything held per read.
    const total = this.partsLength + chunk.length;
    if (typeof this.waitFor === 'number' && total < this.waitFor) return this.hold(chunk);
    if (this.waitFor === 'lf' && chunk.indexOf(LF) < 0) {
      if (total <= this.maxMessageBytes) return this.hold(chunk);
      this.release();
      this.skipLine = true;
      return { frames: [], oversize: 1 };
    }
    this.parts.push(chunk);
    const data = Buffer.concat(this.parts, total);
    this.release();
    return this.scan(data);
  }

  private hold(chunk: Buffer): FramerOutput {
    this.parts.push(chunk);
    this.partsLength += chunk.length;
    return { frames: [], oversize: 0 };
  }

  private release(): void {
    this.parts = [];
    this.partsLength = 0;
    this.waitFor = 'prefix';
  }

  private scan(data: Buffer): FramerOutput {
    const out: FramerOutput = { frames: [], oversize: 0 };
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
        if (lf < 0) return out;
        this.skipLine = false;
        pos = lf + 1;
        continue;
      }

      const octet = readOctetPrefix(data, pos);
      if (octet === 'more') break;
      if (octet) {
        const start = pos + octet.prefixBytes;
        if (octet.length > this.maxMessageBytes) {
          out.oversize++;
          this.skipBytes = octet.length;
          pos = start;
          continue;
        }
        if (len - start < octet.length) break;
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
      if (contentBytes > this.maxMessageBytes) out.oversize++;
      else pushFrame(out, data, pos, lf);
      pos = lf + 1;
    }

    if (pos < len) {
      // Copy the tail so a large read is not kept alive by the start of one frame.
      const tail = Buffer.from(data.subarray(pos));
      this.parts = [tail];
      this.partsLength = tail.length;
      const octet = readOctetPrefix(tail, 0);
      this.waitFor = octet === 'more' ? 'prefix' : octet ? octet.prefixBytes + octet.length : 'lf';
    }
    return out;
  }

  /**
   * The peer closed: an unterminated LF frame is still a message (as rsyslog treats it); a cut
   * octet-counted frame is not and counts as truncated.
   */
  end(): { frame?: Buffer; truncated: boolean } {
    const rest = Buffer.concat(this.parts, this.partsLength);
    this.release();
    this.skipBytes = 0;
    this.skipLine = false;
    if (rest.length === 0) return { truncated: false };
    const octet = readOctetPrefix(rest, 0);
    if (octet && octet !== 'more') return { truncated: true };
    const out: FramerOutput = { frames: [], oversize: 0 };
    pushFrame(out, rest, 0, rest.length);
    return out.frames[0] ? { frame: out.frames[0], truncated: false } : { truncated: false };
  }
}

/** `undefined`: not octet-counted; `'more'`: cannot tell yet (prefix split across reads). */
function readOctetPrefix(
  data: Buffer,
  pos: number,
): { length: number; prefixBytes: number } | 'more' | undefined {
  const first = data[pos]!;
  if (first < 0x31 || first > 0x39) return undefined;
  let i = pos + 1;
  while (i < data.length && i - pos <= MAX_LENGTH_DIGITS) {
    const c = data[i]!;
    if (c >= 0x30 && c <= 0x39) {
      i++;
      continue;
    }
    if (c !== SP) return undefined;
    if (i + 1 >= data.length) return 'more';
    if (data[i + 1] !== LT) return undefined;
    return { length: Number(data.toString('latin1', pos, i)), prefixBytes: i + 1 - pos };
  }
  return i - pos > MAX_LENGTH_DIGITS ? undefined : 'more';
}

/** Drops CR before LF and NULs/whitespace-only frames (keep-alives, blank lines). */
function pushFrame(out: FramerOutput, data: Buffer, start: number, end: number): void {
  let s = start;
  let e = end;
  while (e > s && (data[e - 1] === 13 || data[e - 1] === 0 || data[e - 1] === LF)) e--;
  while (s < e && (data[s] === 0 || data[s] === 13 || data[s] === LF)) s++;
  if (e > s) out.frames.push(data.subarray(s, e));
}
