import { isIPv4, isIPv6 } from 'node:net';
import { HEP_CHUNK, HEP_HEADER_BYTES } from './format.js';

/**
 * Builds HEP v3 packets the way capture agents do (tests, the benchmark, traffic generators).
 * Pure; not used on the receiving path.
 */
export interface HepPacketSpec {
  srcIp?: string;
  dstIp?: string;
  srcPort?: number;
  dstPort?: number;
  /** ms since the epoch; split into the seconds and microseconds chunks. */
  tsMs?: number;
  /** 17 = UDP by default. */
  ipProtocol?: number;
  /** 1 = SIP by default. */
  protoType?: number;
  captureId?: number;
  authKey?: string;
  nodeName?: string;
  correlationId?: string;
  payload: string | Buffer;
}

type Chunk = [type: number, body: Buffer];

export function encodeHep(spec: HepPacketSpec): Buffer {
  const chunks: Chunk[] = [];
  const v6 =
    (spec.srcIp !== undefined && isIPv6(spec.srcIp)) || (spec.dstIp !== undefined && isIPv6(spec.dstIp));
  chunks.push([HEP_CHUNK.ipFamily, u8(v6 ? 10 : 2)]);
  chunks.push([HEP_CHUNK.ipProtocol, u8(spec.ipProtocol ?? 17)]);
  if (spec.srcIp !== undefined) chunks.push([v6 ? HEP_CHUNK.srcIp6 : HEP_CHUNK.srcIp4, ipBytes(spec.srcIp)]);
  if (spec.dstIp !== undefined) chunks.push([v6 ? HEP_CHUNK.dstIp6 : HEP_CHUNK.dstIp4, ipBytes(spec.dstIp)]);
  if (spec.srcPort !== undefined) chunks.push([HEP_CHUNK.srcPort, u16(spec.srcPort)]);
  if (spec.dstPort !== undefined) chunks.push([HEP_CHUNK.dstPort, u16(spec.dstPort)]);
  if (spec.tsMs !== undefined) {
    chunks.push([HEP_CHUNK.timeSec, u32(Math.floor(spec.tsMs / 1000))]);
    chunks.push([HEP_CHUNK.timeUsec, u32((spec.tsMs % 1000) * 1000)]);
  }
  chunks.push([HEP_CHUNK.protoType, u8(spec.protoType ?? 1)]);
  if (spec.captureId !== undefined) chunks.push([HEP_CHUNK.captureId, u32(spec.captureId)]);
  if (spec.authKey !== undefined) chunks.push([HEP_CHUNK.authKey, Buffer.from(spec.authKey)]);
  if (spec.correlationId !== undefined)
    chunks.push([HEP_CHUNK.correlationId, Buffer.from(spec.correlationId)]);
  if (spec.nodeName !== undefined) chunks.push([HEP_CHUNK.nodeName, Buffer.from(spec.nodeName)]);
  chunks.push([HEP_CHUNK.payload, Buffer.isBuffer(spec.payload) ? spec.payload : Buffer.from(spec.payload)]);
  return assembleHep(chunks);
}

/** Header plus chunks (vendor 0); exposed so tests can build odd packets. */
export function assembleHep(chunks: readonly Chunk[], vendor = 0): Buffer {
  const parts: Buffer[] = [Buffer.from('HEP3'), Buffer.alloc(2)];
  let length = HEP_HEADER_BYTES;
  for (const [type, body] of chunks) {
    const head = Buffer.alloc(HEP_HEADER_BYTES);
    head.writeUInt16BE(vendor, 0);
    head.writeUInt16BE(type, 2);
    head.writeUInt16BE(HEP_HEADER_BYTES + body.length, 4);
    parts.push(head, body);
    length += HEP_HEADER_BYTES + body.length;
  }
  const packet = Buffer.concat(parts);
  packet.writeUInt16BE(length, 4);
  return packet;
}

function u8(n: number): Buffer {
  return Buffer.from([n & 0xff]);
}
function u16(n: number): Buffer {
  const b = Buffer.alloc(2);
  b.writeUInt16BE(n);
  return b;
}
function u32(n: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(n >>> 0);
  return b;
}

function ipBytes(ip: string): Buffer {
  if (isIPv4(ip)) return Buffer.from(ip.split('.').map(Number));
  if (!isIPv6(ip)) throw new Error(`not an IP address: ${ip}`);
  const [head = '', tail = ''] = ip.includes('::') ? ip.split('::') : [ip, ''];
  const groups = (s: string): number[] =>
    s === ''
      ? []
      : s.split(':').flatMap((g) => {
          if (!g.includes('.')) return [parseInt(g, 16)];
          const [a = 0, b = 0, c = 0, d = 0] = g.split('.').map(Number);
          return [(a << 8) | b, (c << 8) | d];
        });
  const h = groups(head);
  const t = groups(tail);
  const all = [...h, ...new Array<number>(8 - h.length - t.length).fill(0), ...t];
  const out = Buffer.alloc(16);
  all.forEach((g, i) => out.writeUInt16BE(g, 2 * i));
  return out;
}
