import { HEP_HEADER_BYTES, HEP_MAX_PACKET_BYTES } from '@sipwatch/hep';

export type FramerResult = { packets: Buffer[]; error?: undefined } | { packets: Buffer[]; error: string };

const MAGIC_FIRST = [0x48, 0x45]; // "H" or "E"
const MAGIC_REST = [0x45, 0x50, 0x33]; // "EP3"

/**
 * Cuts a TCP byte stream into HEP v3 packets by the length field at bytes 4..5 (heplify-server does
 * the same: peek 6, read the length, read the whole packet), also when a packet spans several reads.
 * Pure: feed it reads, get whole packets back. After an error the stream is out of step and the
 * caller should drop the connection; packets cut before the error are still returned.
 */
export class HepStreamFramer {
  /** Bytes of an unfinished packet, kept as the reads that brought them (no copy per read). */
  private parts: Buffer[] = [];
  private partsLength = 0;
  /** How many bytes `parts` must reach before it is worth joining them. */
  private needed = HEP_HEADER_BYTES;

  constructor(private readonly maxPacketBytes: number = HEP_MAX_PACKET_BYTES) {}

  /** Bytes held while waiting for the rest of a packet. */
  get buffered(): number {
    return this.partsLength;
  }

  push(chunk: Buffer): FramerResult {
    let buf = chunk;
    if (this.partsLength > 0) {
      this.parts.push(chunk);
      this.partsLength += chunk.length;
      // A slow sender trickling a large packet costs one join, not one per read.
      if (this.partsLength < this.needed) return { packets: [] };
      buf = Buffer.concat(this.parts, this.partsLength);
    }
    const packets: Buffer[] = [];
    let at = 0;
    let needed = HEP_HEADER_BYTES;
    while (at < buf.length) {
      const problem = checkMagicPrefix(buf, at);
      if (problem) return this.broken(packets, problem);
      if (buf.length - at < HEP_HEADER_BYTES) break;
      const length = buf.readUInt16BE(at + 4);
      if (length < HEP_HEADER_BYTES)
        return this.broken(packets, `packet length ${length} is below the header`);
      if (length > this.maxPacketBytes)
        return this.broken(packets, `packet length ${length} exceeds the limit of ${this.maxPacketBytes}`);
      if (buf.length - at < length) {
        needed = length;
        break;
      }
      packets.push(buf.subarray(at, at + length));
      at += length;
    }
    // Copy the tail so a large read is not kept alive by a few leftover bytes.
    this.parts = at === buf.length ? [] : [Buffer.from(buf.subarray(at))];
    this.partsLength = buf.length - at;
    this.needed = needed;
    return { packets };
  }

  private broken(packets: Buffer[], error: string): FramerResult {
    this.parts = [];
    this.partsLength = 0;
    this.needed = HEP_HEADER_BYTES;
    return { packets, error };
  }
}

/** Checks as much of "HEP3"/"EEP3" as has arrived, so garbage is refused without waiting for more. */
function checkMagicPrefix(buf: Buffer, at: number): string | undefined {
  const first = buf[at];
  if (first === undefined) return undefined;
  if (!MAGIC_FIRST.includes(first)) return 'stream is not HEP v3 (no "HEP3" marker where a packet starts)';
  for (let i = 0; i < MAGIC_REST.length && at + 1 + i < buf.length; i++) {
    if (buf[at + 1 + i] !== MAGIC_REST[i])
      return 'stream is not HEP v3 (no "HEP3" marker where a packet starts)';
  }
  return undefined;
}
