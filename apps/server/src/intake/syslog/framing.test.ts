import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SyslogFramer } from './framing.js';

const b = (s: string) => Buffer.from(s, 'latin1');
const octet = (msg: string) => `${Buffer.byteLength(msg)} ${msg}`;

function run(framer: SyslogFramer, chunks: string[]) {
  const frames: string[] = [];
  let oversize = 0;
  for (const c of chunks) {
    const out = framer.push(b(c));
    frames.push(...out.frames.map((f) => f.toString('latin1')));
    oversize += out.oversize;
  }
  return { frames, oversize };
}

describe('SyslogFramer', () => {
  it('splits LF-terminated frames, dropping CR and blank lines', () => {
    const f = new SyslogFramer(1024);
    expect(run(f, ['<13>one\r\n<13>two\n\n\r\n<13>three\n'])).toEqual({
      frames: ['<13>one', '<13>two', '<13>three'],
      oversize: 0,
    });
  });

  it('reads octet-counted frames, including messages that contain LF', () => {
    const f = new SyslogFramer(1024);
    const multi = '<134>1 - host app - - - SIP/2.0 486 Busy Here\nCall-ID: abc';
    expect(run(f, [octet('<13>a') + octet(multi) + octet('<13>b')]).frames).toEqual([
      '<13>a',
      multi,
      '<13>b',
    ]);
  });

  it('detects the framing per frame when both are mixed on one connection', () => {
    const f = new SyslogFramer(1024);
    expect(run(f, [`<13>lf one\n${octet('<13>counted')}<13>lf two\n${octet('<14>x')}`]).frames).toEqual([
      '<13>lf one',
      '<13>counted',
      '<13>lf two',
      '<14>x',
    ]);
  });

  it('reassembles frames split across reads, even inside the length prefix', () => {
    const f = new SyslogFramer(1024);
    const stream = `${octet('<13>hello world')}<13>line\n`;
    const chunks = stream.split('');
    expect(run(f, chunks).frames).toEqual(['<13>hello world', '<13>line']);
  });

  it('treats a line that merely starts with digits as LF-framed', () => {
    const f = new SyslogFramer(1024);
    expect(run(f, ['85(3884) ERROR: x\n', '12 apples\n']).frames).toEqual(['85(3884) ERROR: x', '12 apples']);
  });

  it('skips an oversize octet-counted frame by its length and carries on', () => {
    const f = new SyslogFramer(10);
    const big = `<13>${'x'.repeat(50)}`;
    const out = run(f, [octet(big).slice(0, 20), octet(big).slice(20) + octet('<13>ok')]);
    expect(out).toEqual({ frames: ['<13>ok'], oversize: 1 });
    expect(f.buffered).toBe(0);
  });

  it('skips an oversize LF frame up to its LF without buffering it', () => {
    const f = new SyslogFramer(10);
    const out = run(f, ['<13>' + 'y'.repeat(30), 'y'.repeat(1000), 'yyy\n<13>fine\n']);
    expect(out).toEqual({ frames: ['<13>fine'], oversize: 1 });
    expect(f.buffered).toBe(0);
  });

  it('counts a complete LF frame longer than the limit as oversize', () => {
    const f = new SyslogFramer(10);
    expect(run(f, ['<13>012345\r\n<13>0123456\n'])).toEqual({ frames: ['<13>012345'], oversize: 1 });
  });

  it('never buffers more than the limit plus a length prefix', () => {
    const f = new SyslogFramer(100);
    f.push(b('99 <'));
    f.push(b('x'.repeat(90)));
    expect(f.buffered).toBeLessThanOrEqual(110);
  });

  it('reads a 64 KiB frame pushed one byte at a time, and says while a frame is under way', () => {
    const f = new SyslogFramer(64 * 1024);
    const message = `<13>${'z'.repeat(64 * 1024 - 4)}`;
    for (const wire of [octet(message), `${message}\n`]) {
      const frames: string[] = [];
      for (let i = 0; i < wire.length; i++) {
        frames.push(...f.push(b(wire[i]!)).frames.map((x) => x.toString('latin1')));
        if (i < wire.length - 1) expect(f.inFrame).toBe(true);
      }
      expect(frames).toEqual([message]);
      expect(f.inFrame).toBe(false);
    }
  });

  it('hands over an unterminated LF frame at end of stream and reports a cut octet frame', () => {
    const lf = new SyslogFramer(100);
    lf.push(b('<13>last words'));
    expect(lf.end().frame?.toString()).toBe('<13>last words');
    const cut = new SyslogFramer(100);
    cut.push(b('50 <13>only part'));
    expect(cut.end()).toEqual({ truncated: true });
    expect(new SyslogFramer(100).end()).toEqual({ truncated: false });
  });

  it('yields the same frames however the stream is split (property)', () => {
    const message = fc
      .string({
        unit: fc.constantFrom('a', 'b', ' ', '<', '>', '1', '9', '\r', '#'),
        minLength: 1,
        maxLength: 40,
      })
      .map((s) => `<13>${s}`);
    const frame = fc.oneof(
      message.map((m) => ({ wire: `${m.replace(/\r/g, '')}\n`, expect: m.replace(/\r/g, '') })),
      message.map((m) => ({ wire: octet(m), expect: m.replace(/[\r]+$/, '') })),
    );
    fc.assert(
      fc.property(fc.array(frame, { maxLength: 12 }), fc.array(fc.nat(), { maxLength: 8 }), (items, cuts) => {
        const stream = items.map((i) => i.wire).join('');
        const points = [...new Set(cuts.map((c) => c % (stream.length + 1)))].sort((a, z) => a - z);
        const chunks: string[] = [];
        let last = 0;
        for (const p of points) {
          chunks.push(stream.slice(last, p));
          last = p;
        }
        chunks.push(stream.slice(last));
        const whole = run(new SyslogFramer(1024), [stream]).frames;
        const split = run(new SyslogFramer(1024), chunks).frames;
        expect(split).toEqual(whole);
        expect(whole).toEqual(items.map((i) => i.expect));
      }),
      { numRuns: 300 },
    );
  });

  it('never throws and stays bounded on arbitrary bytes (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.uint8Array({ maxLength: 300 }), { maxLength: 10 }), (chunks) => {
        const f = new SyslogFramer(64);
        for (const c of chunks) {
          f.push(Buffer.from(c));
          expect(f.buffered).toBeLessThanOrEqual(64 + 11);
        }
        f.end();
      }),
      { numRuns: 500 },
    );
  });
});
