import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { encodeHep } from '@sipwatch/hep';
import { HepStreamFramer } from './stream-framer.js';

const packets = [
  encodeHep({ payload: 'SIP/2.0 200 OK\r\n\r\n' }),
  encodeHep({ payload: 'SIP/2.0 486 Busy Here\r\n\r\n', nodeName: 'node1' }),
  encodeHep({ payload: 'x'.repeat(3000) }),
];
const stream = Buffer.concat(packets);

describe('HepStreamFramer', () => {
  it('splits concatenated packets by their length field', () => {
    const f = new HepStreamFramer();
    const r = f.push(stream);
    expect(r.error).toBeUndefined();
    expect(r.packets.map((p) => p.toString('hex'))).toEqual(packets.map((p) => p.toString('hex')));
    expect(f.buffered).toBe(0);
  });

  it('reassembles packets cut anywhere across reads', () => {
    fc.assert(
      fc.property(fc.array(fc.nat({ max: stream.length }), { maxLength: 12 }), (cuts) => {
        const points = [...new Set([0, ...cuts, stream.length])].sort((a, b) => a - b);
        const f = new HepStreamFramer();
        const out: Buffer[] = [];
        for (let i = 1; i < points.length; i++) {
          const r = f.push(Buffer.from(stream.subarray(points[i - 1], points[i])));
          expect(r.error).toBeUndefined();
          out.push(...r.packets);
        }
        expect(Buffer.concat(out).equals(stream)).toBe(true);
        expect(out).toHaveLength(packets.length);
        expect(f.buffered).toBe(0);
      }),
      { numRuns: 500 },
    );
  });

  it('holds a partial packet until the rest arrives, one byte at a time', () => {
    const f = new HepStreamFramer();
    const one = packets[1]!;
    for (let i = 0; i < one.length - 1; i++) expect(f.push(one.subarray(i, i + 1)).packets).toEqual([]);
    expect(f.buffered).toBe(one.length - 1);
    const r = f.push(one.subarray(one.length - 1));
    expect(r.packets).toHaveLength(1);
    expect(r.packets[0]!.equals(one)).toBe(true);
  });

  it('reports a stream that is not HEP as soon as the first bytes show it, keeping earlier packets', () => {
    const f = new HepStreamFramer();
    const r = f.push(Buffer.concat([packets[0]!, Buffer.from('GET / HTTP/1.1\r\n')]));
    expect(r.packets).toHaveLength(1);
    expect(r.error).toMatch(/not HEP v3/);
    expect(new HepStreamFramer().push(Buffer.from('HX')).error).toMatch(/not HEP v3/);
  });

  it('refuses packet lengths below the header or above the limit', () => {
    const tiny = Buffer.from(packets[0]!);
    tiny.writeUInt16BE(3, 4);
    expect(new HepStreamFramer().push(tiny).error).toMatch(/below the header/);
    expect(new HepStreamFramer(1000).push(packets[2]!).error).toMatch(/exceeds the limit of 1000/);
  });

  it('never throws on arbitrary bytes and never holds more than one packet', () => {
    fc.assert(
      fc.property(fc.array(fc.uint8Array({ maxLength: 200 }), { maxLength: 10 }), (reads) => {
        const f = new HepStreamFramer(512);
        for (const read of reads) {
          const r = f.push(Buffer.from(read));
          if (r.error) break;
          expect(f.buffered).toBeLessThan(512);
        }
      }),
      { numRuns: 1000 },
    );
  });
});
