import { describe, expect, it } from 'vitest';
import { clampEventTime, parseEventTime } from './normalise-time.js';

describe('parseEventTime', () => {
  it('reads epoch milliseconds and seconds, as numbers or numeric strings', () => {
    expect(parseEventTime(1_700_000_000_123)).toBe(1_700_000_000_123);
    expect(parseEventTime(1_700_000_000)).toBe(1_700_000_000_000);
    expect(parseEventTime(1_504_783_013.25)).toBe(1_504_783_013_250);
    expect(parseEventTime('1474637733')).toBe(1_474_637_733_000);
    expect(parseEventTime('1700000000123')).toBe(1_700_000_000_123);
  });

  it('reads ISO 8601 and RFC 2822 strings', () => {
    expect(parseEventTime('2018-02-02T22:25:27.521992Z')).toBe(Date.UTC(2018, 1, 2, 22, 25, 27, 521));
    expect(parseEventTime('Tue, 01 Nov 2016 01:59:13 +0000')).toBe(Date.UTC(2016, 10, 1, 1, 59, 13));
  });

  it('refuses what is not a time', () => {
    expect(parseEventTime('yesterday')).toBeUndefined();
    expect(parseEventTime(-5)).toBeUndefined();
    expect(parseEventTime(Number.NaN)).toBeUndefined();
    expect(parseEventTime(1e20)).toBeUndefined();
    expect(parseEventTime('')).toBeUndefined();
  });
});

describe('clampEventTime', () => {
  it('keeps times within the skew and clamps those beyond it to the arrival time', () => {
    expect(clampEventTime(10_500, 10_000, 1_000)).toEqual({ ts: 10_500, clamped: false });
    expect(clampEventTime(11_000, 10_000, 1_000)).toEqual({ ts: 11_000, clamped: false });
    expect(clampEventTime(11_001, 10_000, 1_000)).toEqual({ ts: 10_000, clamped: true });
    expect(clampEventTime(5, 10_000, 0)).toEqual({ ts: 5, clamped: false });
  });
});

describe('clampEventTime in the past', () => {
  it('believes a time up to the past skew before arrival and puts an older one at arrival', () => {
    expect(clampEventTime(7_000, 10_000, 1_000, 3_000)).toEqual({ ts: 7_000, clamped: false });
    expect(clampEventTime(6_999, 10_000, 1_000, 3_000)).toEqual({ ts: 10_000, clamped: true });
    expect(clampEventTime(0, 10_000, 1_000)).toEqual({ ts: 0, clamped: false });
  });
});
