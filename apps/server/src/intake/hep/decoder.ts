import { gunzipSync, inflateRawSync, inflateSync } from 'node:zlib';
import { HEP_CHUNK, HEP_HEADER_BYTES } from '@sipwatch/hep';
import { formatIpv4, formatIpv6 } from './ip-format.js';

/**
 * HEP v3 (EEP) decoder: bytes in, a plain record out, no I/O. The bounds logic follows heplify-server's
 * `decoder/hep.go`: the header length must equal the packet's length, every chunk must hold at least its
 * own 6-byte header and stay inside the packet, fixed-size chunks must have their exact size. Unknown
 * chunk types and vendor-specific chunks are skipped by their length.
 */

/** Decompressed payloads larger than this are refused (a zip bomb must not cost memory). */
export const HEP_MAX_PAYLOAD_BYTES = 256 * 1024;

/** Sizes heplify-server enforces for fixed-size chunks. */
const FIXED_SIZE: ReadonlyMap<number, number> = new Map([
  [HEP_CHUNK.ipFamily, 1],
  [HEP_CHUNK.ipProtocol, 1],
  [HEP_CHUNK.protoType, 1],
  [HEP_CHUNK.srcPort, 2],
  [HEP_CHUNK.dstPort, 2],
  [HEP_CHUNK.vlanId, 2],
  [HEP_CHUNK.keepAlive, 2],
  [HEP_CHUNK.srcIp4, 4],
  [HEP_CHUNK.dstIp4, 4],
  [HEP_CHUNK.timeSec, 4],
  [HEP_CHUNK.timeUsec, 4],
  [HEP_CHUNK.captureId, 4],
  [HEP_CHUNK.srcIp6, 16],
  [HEP_CHUNK.dstIp6, 16],
]);

/** FIXED_SIZE as an array by chunk type (0: any size), read for every chunk of every packet. */
const FIXED_SIZE_BY_TYPE = Uint8Array.from({ length: 0x20 }, (_, type) => FIXED_SIZE.get(type) ?? 0);

export interface HepPacket {
  /** 2 = IPv4, 10 = IPv6. */
  ipFamily?: number;
  /** 17 = UDP, 6 = TCP, 132 = SCTP. */
  ipProtocol?: number;
  srcIp?: string;
  dstIp?: string;
  srcPort?: number;
  dstPort?: number;
  timeSec?: number;
  timeUsec?: number;
  /** 1 = SIP, 100 = log line, ... */
  protoType?: number;
  captureId?: number;
  authKey?: string;
  /** The captured message; a view into the packet (or the inflated copy of a compressed one). */
  payload?: Buffer;
  correlationId?: string;
  nodeName?: string;
  vlanId?: number;
}

export type HepDecodeResult = { ok: true; packet: HepPacket } | { ok: false; error: string };

const fail = (error: string): HepDecodeResult => ({ ok: false, error });

/** True when the first four octets are "HEP3" or "EEP3". */
export function hasHepMagic(buf: Uint8Array, offset = 0): boolean {
  return (
    buf.length >= offset + 4 &&
    (buf[offset] === 0x48 || buf[offset] === 0x45) &&
    buf[offset + 1] === 0x45 &&
    buf[offset + 2] === 0x50 &&
    buf[offset + 3] === 0x33
  );
}

/** Decodes one whole HEP v3 packet (one UDP datagram, or one frame cut from a TCP stream). */
export function decodeHep(input: Uint8Array): HepDecodeResult {
  const buf = Buffer.isBuffer(input) ? input : Buffer.from(input.buffer, input.byteOffset, input.byteLength);
  if (buf.length < HEP_HEADER_BYTES)
    return fail(`packet of ${buf.length} bytes is shorter than a HEP header`);
  if (!hasHepMagic(buf)) {
    if (buf[0] === 0x01 || buf[0] === 0x02) return fail('HEP v1/v2 is not supported; configure HEP v3');
    return fail('not a HEP v3 packet (no "HEP3" marker)');
  }
  const length = buf.readUInt16BE(4);
  if (length !== buf.length)
    return fail(`header length ${length} differs from the packet length ${buf.length}`);

  const packet: HepPacket = {};
  let compressed: Buffer | undefined;
  let at = HEP_HEADER_BYTES;
  while (at < length) {
    if (length - at < HEP_HEADER_BYTES) return fail(`chunk at offset ${at} is shorter than a chunk header`);
    const vendor = buf.readUInt16BE(at);
    const type = buf.readUInt16BE(at + 2);
    const chunkLength = buf.readUInt16BE(at + 4);
    if (chunkLength < HEP_HEADER_BYTES)
      return fail(`chunk 0x${hex(type)} at offset ${at} has length ${chunkLength}, below its header`);
    if (at + chunkLength > length)
      return fail(`chunk 0x${hex(type)} at offset ${at} runs past the end of the packet`);
    const start = at + HEP_HEADER_BYTES;
    const size = chunkLength - HEP_HEADER_BYTES;
    at += chunkLength;
    if (vendor !== 0) continue;
    const fixed = type < FIXED_SIZE_BY_TYPE.length ? FIXED_SIZE_BY_TYPE[type]! : 0;
    if (fixed !== 0 && fixed !== size)
      return fail(`chunk 0x${hex(type)} should carry ${fixed} bytes but carries ${size}`);
    switch (type) {
      case HEP_CHUNK.ipFamily:
        packet.ipFamily = buf[start];
        break;
      case HEP_CHUNK.ipProtocol:
        packet.ipProtocol = buf[start];
        break;
      case HEP_CHUNK.srcIp4:
        packet.srcIp = formatIpv4(buf, start);
        break;
      case HEP_CHUNK.dstIp4:
        packet.dstIp = formatIpv4(buf, start);
        break;
      case HEP_CHUNK.srcIp6:
        packet.srcIp = formatIpv6(buf, start);
        break;
      case HEP_CHUNK.dstIp6:
        packet.dstIp = formatIpv6(buf, start);
        break;
      case HEP_CHUNK.srcPort:
        packet.srcPort = buf.readUInt16BE(start);
        break;
      case HEP_CHUNK.dstPort:
        packet.dstPort = buf.readUInt16BE(start);
        break;
      case HEP_CHUNK.timeSec:
        packet.timeSec = buf.readUInt32BE(start);
        break;
      case HEP_CHUNK.timeUsec:
        packet.timeUsec = buf.readUInt32BE(start);
        break;
      case HEP_CHUNK.protoType:
        packet.protoType = buf[start];
        break;
      case HEP_CHUNK.captureId:
        packet.captureId = buf.readUInt32BE(start);
        break;
      case HEP_CHUNK.vlanId:
        packet.vlanId = buf.readUInt16BE(start);
        break;
      case HEP_CHUNK.authKey:
        packet.authKey = buf.toString('utf8', start, start + size);
        break;
      case HEP_CHUNK.payload:
        packet.payload = buf.subarray(start, start + size);
        break;
      case HEP_CHUNK.compressedPayload:
        compressed = buf.subarray(start, start + size);
        break;
      case HEP_CHUNK.correlationId:
        packet.correlationId = buf.toString('utf8', start, start + size);
        break;
      case HEP_CHUNK.nodeName:
        packet.nodeName = trimNul(buf.toString('utf8', start, start + size));
        break;
      default:
        break;
    }
  }
  if (packet.payload === undefined && compressed !== undefined) {
    const inflated = inflate(compressed);
    if (inflated === undefined) return fail('compressed payload could not be inflated (or is too large)');
    packet.payload = inflated;
  }
  return { ok: true, packet };
}

/** Event time in ms: the chunks' time, or the receive time when the agent sent zero or nothing. */
export function hepTimestampMs(packet: HepPacket, receivedAt: number): number {
  if (!packet.timeSec) return receivedAt;
  return packet.timeSec * 1000 + Math.floor((packet.timeUsec ?? 0) / 1000);
}

function inflate(data: Buffer): Buffer | undefined {
  const opts = { maxOutputLength: HEP_MAX_PAYLOAD_BYTES };
  const attempts =
    data[0] === 0x1f && data[1] === 0x8b
      ? [() => gunzipSync(data, opts)]
      : [() => inflateSync(data, opts), () => inflateRawSync(data, opts)];
  for (const attempt of attempts) {
    try {
      return attempt();
    } catch {
      // try the next container format
    }
  }
  return undefined;
}

function trimNul(s: string): string {
  const nul = s.indexOf('\0');
  return nul === -1 ? s : s.slice(0, nul);
}

function hex(n: number): string {
  return n.toString(16).padStart(4, '0');
}
