import { isIPv4, isIPv6 } from 'node:net';
import type { CapturedMessage } from '@sipwatch/wire';

/**
 * A call as a pcap-ng file (draft-ietf-opsawg-pcapng): a Section Header Block, one Interface
 * Description Block of link type RAW (101: each packet starts with its IP header), and one
 * Enhanced Packet Block per message, stamped with its capture time in microseconds. Each message
 * is framed as HEP carried it: an IPv4 or IPv6 header with its addresses and a UDP header with
 * its ports, checksums filled in (a message captured over TCP or TLS is framed as UDP too, as
 * Wireshark decodes SIP over UDP on any port). Mixed families use IPv4-mapped IPv6 addresses.
 * There was no npm package for writing pcap-ng that is kept up; the blocks are few and fixed.
 */

const LINKTYPE_RAW = 101;
/** The largest UDP payload an IP packet can carry. */
const MAX_UDP_PAYLOAD = 65_535 - 20 - 8;

export function callPcapng(messages: readonly CapturedMessage[]): Buffer {
  const blocks: Buffer[] = [sectionHeader(), interfaceDescription()];
  for (const m of messages) blocks.push(enhancedPacket(m));
  return Buffer.concat(blocks);
}

function block(type: number, body: Buffer): Buffer {
  const padded = pad4(body);
  const total = 12 + padded.length;
  const out = Buffer.alloc(total);
  out.writeUInt32LE(type, 0);
  out.writeUInt32LE(total, 4);
  padded.copy(out, 8);
  out.writeUInt32LE(total, total - 4);
  return out;
}

function pad4(b: Buffer): Buffer {
  const rest = b.length % 4;
  return rest === 0 ? b : Buffer.concat([b, Buffer.alloc(4 - rest)]);
}

function option(code: number, value: Buffer): Buffer {
  const head = Buffer.alloc(4);
  head.writeUInt16LE(code, 0);
  head.writeUInt16LE(value.length, 2);
  return pad4(Buffer.concat([head, value]));
}

const END_OF_OPTIONS = Buffer.alloc(4);

function sectionHeader(): Buffer {
  const body = Buffer.alloc(16);
  body.writeUInt32LE(0x1a2b3c4d, 0);
  body.writeUInt16LE(1, 4);
  body.writeUInt16LE(0, 6);
  // Section length unknown.
  body.writeBigInt64LE(-1n, 8);
  // shb_userappl
  return block(0x0a0d0d0a, Buffer.concat([body, option(4, Buffer.from('sipwatch')), END_OF_OPTIONS]));
}

function interfaceDescription(): Buffer {
  const body = Buffer.alloc(8);
  body.writeUInt16LE(LINKTYPE_RAW, 0);
  body.writeUInt32LE(0, 4);
  // if_name; the time resolution is the default, microseconds.
  return block(1, Buffer.concat([body, option(2, Buffer.from('hep')), END_OF_OPTIONS]));
}

function enhancedPacket(m: CapturedMessage): Buffer {
  const payload = Buffer.from(m.text, 'utf8').subarray(0, MAX_UDP_PAYLOAD);
  const packet = ipPacket(m, payload);
  const head = Buffer.alloc(20);
  const micros = BigInt(Math.round(m.ts * 1000));
  head.writeUInt32LE(0, 0);
  head.writeUInt32LE(Number(micros >> 32n), 4);
  head.writeUInt32LE(Number(micros & 0xffffffffn), 8);
  head.writeUInt32LE(packet.length, 12);
  head.writeUInt32LE(packet.length, 16);
  return block(6, Buffer.concat([head, pad4(packet)]));
}

function ipPacket(m: CapturedMessage, payload: Buffer): Buffer {
  const v4 = isIPv4(m.srcIp) && isIPv4(m.dstIp);
  const src = v4 ? ipv4Bytes(m.srcIp) : ipv6Bytes(m.srcIp);
  const dst = v4 ? ipv4Bytes(m.dstIp) : ipv6Bytes(m.dstIp);
  const udp = Buffer.alloc(8 + payload.length);
  udp.writeUInt16BE(m.srcPort, 0);
  udp.writeUInt16BE(m.dstPort, 2);
  udp.writeUInt16BE(udp.length, 4);
  payload.copy(udp, 8);
  const pseudo = Buffer.concat([src, dst, Buffer.from([0, 17]), u16(udp.length)]);
  udp.writeUInt16BE(checksum(Buffer.concat([pseudo, udp])) || 0xffff, 6);
  if (v4) {
    const ip = Buffer.alloc(20);
    ip[0] = 0x45;
    ip.writeUInt16BE(20 + udp.length, 2);
    ip.writeUInt16BE(0x4000, 6); // don't fragment
    ip[8] = 64;
    ip[9] = 17;
    src.copy(ip, 12);
    dst.copy(ip, 16);
    ip.writeUInt16BE(checksum(ip), 10);
    return Buffer.concat([ip, udp]);
  }
  const ip = Buffer.alloc(40);
  ip.writeUInt32BE(0x60000000, 0);
  ip.writeUInt16BE(udp.length, 4);
  ip[6] = 17;
  ip[7] = 64;
  src.copy(ip, 8);
  dst.copy(ip, 24);
  return Buffer.concat([ip, udp]);
}

const u16 = (n: number): Buffer => {
  const b = Buffer.alloc(2);
  b.writeUInt16BE(n, 0);
  return b;
};

/** The Internet checksum (RFC 1071). */
function checksum(data: Buffer): number {
  let sum = 0;
  for (let i = 0; i + 1 < data.length; i += 2) sum += data.readUInt16BE(i);
  if (data.length % 2 === 1) sum += data[data.length - 1]! << 8;
  while (sum > 0xffff) sum = (sum & 0xffff) + (sum >>> 16);
  return ~sum & 0xffff;
}

function ipv4Bytes(ip: string): Buffer {
  return Buffer.from(ip.split('.').map(Number));
}

/** 16 bytes of an IPv6 address; an IPv4 address (or anything unreadable) becomes IPv4-mapped. */
export function ipv6Bytes(ip: string): Buffer {
  const out = Buffer.alloc(16);
  if (isIPv4(ip)) {
    out.writeUInt16BE(0xffff, 10);
    ipv4Bytes(ip).copy(out, 12);
    return out;
  }
  if (!isIPv6(ip)) return out;
  let text = ip.replace(/%.*$/, '');
  // An embedded IPv4 tail (::ffff:192.0.2.1) becomes two groups.
  const tail = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (tail) {
    const b = ipv4Bytes(tail[1]!);
    text = `${text.slice(0, tail.index)}${b.readUInt16BE(0).toString(16)}:${b.readUInt16BE(2).toString(16)}`;
  }
  const [head, rest] = text.split('::') as [string, string | undefined];
  const left = head === '' ? [] : head.split(':');
  const right = rest === undefined || rest === '' ? [] : rest.split(':');
  const groups =
    rest === undefined
      ? left
      : [...left, ...new Array<string>(8 - left.length - right.length).fill('0'), ...right];
  groups.forEach((g, i) => out.writeUInt16BE(parseInt(g, 16), i * 2));
  return out;
}
