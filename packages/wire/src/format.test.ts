import { afterEach, describe, expect, it } from 'vitest';
import {
  formatAxisTime,
  formatClock,
  formatDateTime,
  formatDelay,
  fromTimeInput,
  setShownTimeZone,
  timeZoneLabel,
  toTimeInput,
} from './format.js';

describe('formatDelay', () => {
  it('keeps milliseconds under a second and tenths of a second above', () => {
    expect([0, 850, 999.4, 999.6, 1_000, 4_200, 4_249, 21_000, 30_500, 99_940].map(formatDelay)).toEqual([
      '0 ms',
      '850 ms',
      '999 ms',
      '1 s',
      '1 s',
      '4.2 s',
      '4.2 s',
      '21 s',
      '30.5 s',
      '99.9 s',
    ]);
  });

  it('rounds to whole seconds from 100 s, and shows a dash for no value', () => {
    expect([99_960, 125_400].map(formatDelay)).toEqual(['100 s', '125 s']);
    expect([null, undefined, Number.NaN].map(formatDelay)).toEqual(['—', '—', '—']);
  });
});

describe('times in the shown zone', () => {
  const zone = process.env.TZ;
  afterEach(() => {
    setShownTimeZone('local');
    if (zone === undefined) delete process.env.TZ;
    else process.env.TZ = zone;
  });
  // 2026-12-03 12:58:07 UTC is 07:58:07 in New York.
  const at = Date.UTC(2026, 11, 3, 12, 58, 7);

  it('shows the browser zone by default and UTC when switched, always in ISO order, with the zone named', () => {
    process.env.TZ = 'America/New_York';
    expect([formatClock(at), formatDateTime(at), timeZoneLabel(at)]).toEqual([
      '07:58:07',
      '2026-12-03 07:58:07',
      'GMT-5',
    ]);
    setShownTimeZone('utc');
    expect([formatClock(at), formatDateTime(at), timeZoneLabel(at)]).toEqual([
      '12:58:07',
      '2026-12-03 12:58:07',
      'UTC',
    ]);
    // Long spans label the day as month-day, never in a US or European order.
    expect(formatAxisTime(at, 7 * 86_400_000)).toBe('12-03 12:00');
  });

  it('reads a typed time in the shown zone and refuses what is not a real time', () => {
    process.env.TZ = 'America/New_York';
    expect(fromTimeInput('2026-12-03 07:58')).toBe(Date.UTC(2026, 11, 3, 12, 58));
    setShownTimeZone('utc');
    expect(fromTimeInput('2026-12-03 12:58')).toBe(Date.UTC(2026, 11, 3, 12, 58));
    expect(fromTimeInput('2026-12-03T12:58:07')).toBe(at);
    expect(toTimeInput(at)).toBe('2026-12-03 12:58');
    for (const bad of ['', '12/03/2026 12:58', '2026-02-30 10:00', '2026-12-03 25:00', 'now'])
      expect(fromTimeInput(bad)).toBeNull();
  });
});
