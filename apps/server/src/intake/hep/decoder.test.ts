import { readFileSync } from 'node:fs';
import { gzipSync, deflateSync } from 'node:zlib';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { HEP_CHUNK } from '@sipwatch/hep';
import { decodeHep, hepTimestampMs } from './decoder.js';
import { assembleHep, encodeHep } from '@sipwatch/hep';

const fixture = (name: string): Buffer =>
  readFileSync(new URL(`../../../test/fixtures/hep/${name}`, import.meta.url));

function decoded(buf: Uint8Array) {
  const r = decodeHep(buf);
  if (!r.ok) throw new Error(`expected a packet, got: ${r.error}`);
  return r.packet;
}

function errorOf(buf: Uint8Array): string {
  const r = decodeHep(buf);
  if (r.ok) throw new Error('expected a decoding error');
  return r.error;
}

/** The worked example of the HEP3 specification, byte for byte. */
const SPEC_EXAMPLE = Buffer.from(
  (
    '48455033 0071 00000001000702 00000002000711 00000003000ad4ca0001 00000004000a527400d3 ' +
    '0000000700082eea 00000008000813c4 00000009000a4e4982cb 0000000a000a0001d4c0 0000000b000701 ' +
    '0000000c000a000000e4 0000000f0014' +
    Buffer.from('INVITE sip:bob').toString('hex')
  ).replace(/ /g, ''),
  'hex',
);

describe('decodeHep', () => {
  it('reads every field of the specification worked example', () => {
    expect(SPEC_EXAMPLE.length).toBe(0x71);
    const p = decoded(SPEC_EXAMPLE);
    expect(p).toMatchObject({
      ipFamily: 2,
      ipProtocol: 17,
      srcIp: '212.202.0.1',
      dstIp: '82.116.0.211',
      srcPort: 12010,
      dstPort: 5060,
      timeSec: 1313440459,
      timeUsec: 120000,
      protoType: 1,
      captureId: 228,
    });
    expect(p.payload?.toString()).toBe('INVITE sip:bob');
    expect(hepTimestampMs(p, 0)).toBe(1313440459120);
  });

  it('reads the hand-built 486 fixture: auth key, correlation id and the SIP payload', () => {
    const p = decoded(fixture('hep3-synthetic-486.bin'));
    expect(p).toMatchObject({
      srcIp: '198.51.100.20',
      dstIp: '192.0.2.10',
      srcPort: 5060,
      dstPort: 5060,
      protoType: 1,
      captureId: 2001,
      authKey: 'myHep',
      correlationId: 'a84b4c76e66710@pc33.example.com',
    });
    expect(p.payload?.toString()).toMatch(/^SIP\/2\.0 486 Busy Here\r\n/);
    expect(hepTimestampMs(p, 0)).toBe(p.timeSec! * 1000 + 123);
  });

  it('accepts the "EEP3" marker as well', () => {
    const pkt = encodeHep({ payload: 'x' });
    pkt.write('EEP3', 0);
    expect(decoded(pkt).payload?.toString()).toBe('x');
  });

  it('formats IPv6 addresses in their short form', () => {
    const p = decoded(encodeHep({ srcIp: '2001:db8::1', dstIp: '::ffff:192.0.2.7', payload: 'x' }));
    expect(p.ipFamily).toBe(10);
    expect(p.srcIp).toBe('2001:db8::1');
    expect(p.dstIp).toBe('::ffff:192.0.2.7');
    expect(decoded(encodeHep({ srcIp: 'fe80:0:0:1:0:0:0:2', payload: 'x' })).srcIp).toBe('fe80:0:0:1::2');
  });

  it('uses the receive time when the agent sends a zero timestamp or none', () => {
    expect(hepTimestampMs(decoded(encodeHep({ tsMs: 0, payload: 'x' })), 42_000)).toBe(42_000);
    expect(hepTimestampMs(decoded(encodeHep({ payload: 'x' })), 42_000)).toBe(42_000);
    expect(hepTimestampMs(decoded(encodeHep({ tsMs: 1_700_000_000_250, payload: 'x' })), 1)).toBe(
      1_700_000_000_250,
    );
  });

  it('skips unknown chunk types and vendor chunks by their length', () => {
    const pkt = assembleHep([
      [0x0777, Buffer.from('whatever')],
      [HEP_CHUNK.protoType, Buffer.from([1])],
    ]);
    const vendorChunk = assembleHep([[HEP_CHUNK.payload, Buffer.from('vendor-specific, not a payload')]], 2);
    // Splice the vendor chunk into the first packet and fix the total length.
    const joined = Buffer.concat([pkt, vendorChunk.subarray(6)]);
    joined.writeUInt16BE(joined.length, 4);
    const p = decoded(joined);
    expect(p.protoType).toBe(1);
    expect(p.payload).toBeUndefined();
  });

  it('inflates a gzip or deflate compressed payload', () => {
    for (const pack of [gzipSync, deflateSync]) {
      const pkt = assembleHep([[HEP_CHUNK.compressedPayload, pack(Buffer.from('SIP/2.0 200 OK\r\n\r\n'))]]);
      expect(decoded(pkt).payload?.toString()).toBe('SIP/2.0 200 OK\r\n\r\n');
    }
    expect(errorOf(assembleHep([[HEP_CHUNK.compressedPayload, Buffer.from('not zipped')]]))).toMatch(
      /inflated/,
    );
  });

  it('refuses a header length that disagrees with the datagram', () => {
    const pkt = encodeHep({ payload: 'hello' });
    expect(errorOf(Buffer.concat([pkt, Buffer.from([0])]))).toMatch(/header length \d+ differs/);
    expect(errorOf(pkt.subarray(0, pkt.length - 1))).toMatch(/differs/);
  });

  it('refuses a chunk shorter than its header or running past the end', () => {
    const short = assembleHep([[HEP_CHUNK.payload, Buffer.from('abc')]]);
    short.writeUInt16BE(4, 6 + 4);
    expect(errorOf(short)).toMatch(/below its header/);

    const long = assembleHep([[HEP_CHUNK.payload, Buffer.from('abc')]]);
    long.writeUInt16BE(200, 6 + 4);
    expect(errorOf(long)).toMatch(/runs past the end/);

    const stub = Buffer.concat([assembleHep([]), Buffer.from([0, 0, 0])]);
    stub.writeUInt16BE(stub.length, 4);
    expect(errorOf(stub)).toMatch(/shorter than a chunk header/);
  });

  it('refuses fixed-size chunks of the wrong size', () => {
    expect(errorOf(assembleHep([[HEP_CHUNK.srcIp4, Buffer.from([1, 2, 3])]]))).toMatch(/should carry 4/);
    expect(errorOf(assembleHep([[HEP_CHUNK.srcPort, Buffer.from([1])]]))).toMatch(/should carry 2/);
  });

  it('names what is wrong with packets that are not HEP v3', () => {
    expect(errorOf(Buffer.from('HEP'))).toMatch(/shorter than a HEP header/);
    expect(errorOf(Buffer.from('INVITE sip:x SIP/2.0'))).toMatch(/no "HEP3" marker/);
    expect(errorOf(Buffer.from([0x02, 0x10, 0x02, 0x11, 0, 0, 0, 0]))).toMatch(/v1\/v2 is not supported/);
  });

  it('never throws, whatever the bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
        const r = decodeHep(bytes);
        expect(typeof r.ok).toBe('boolean');
      }),
      { numRuns: 2000 },
    );
  });

  it('never throws on mutated valid packets, and a good verdict always has consistent lengths', () => {
    const base = fixture('hep3-synthetic-486.bin');
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.nat({ max: base.length - 1 }), fc.integer({ min: 0, max: 255 })), {
          maxLength: 8,
        }),
        fc.nat({ max: base.length }),
        (edits, cut) => {
          const pkt = Buffer.from(base.subarray(0, cut));
          for (const [at, byte] of edits) if (at < pkt.length) pkt[at] = byte;
          const r = decodeHep(pkt);
          if (r.ok) expect(pkt.readUInt16BE(4)).toBe(pkt.length);
        },
      ),
      { numRuns: 3000 },
    );
  });
});
