import { T0 } from '@sipwatch/testing';
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../clock.js';
import { CallTimings, NO_TRUNK, OTHER_TRUNK, parseHistogramRecord } from './call-timing.js';

const MIN = 60_000;

describe('CallTimings', () => {
  it('gives p50/p95 of post-dial delay and setup time per trunk over a window', () => {
    const clock = new ManualClock(T0);
    const t = new CallTimings({ slotMs: 15_000, retentionMs: 60 * MIN });
    // 100 calls on carrier-a with PDD 1..100 × 30 ms and setup 10 s; 10 on carrier-b, PDD 5 s.
    for (let i = 1; i <= 100; i++) {
      clock.advance(100);
      t.add(
        { ts: clock.now(), trunk: 'carrier-a', result: 'answered', pddMs: i * 30, setupMs: 10_000 },
        clock.now(),
      );
    }
    for (let i = 0; i < 10; i++)
      t.add(
        { ts: clock.now(), trunk: 'carrier-b', result: 'failed', pddMs: 5000, setupMs: 6000 },
        clock.now(),
      );

    const rows = t.query({ from: clock.now() - 5 * MIN, to: clock.now() + 1 });
    expect(rows.map((r) => r.trunk)).toEqual(['carrier-a', 'carrier-b']);
    const a = rows[0]!;
    expect(a.pdd.count).toBe(100);
    // True p50 = 1500 ms, p95 = 2850 ms; the histogram is accurate to its bucket width.
    expect(a.pdd.p50).toBeGreaterThanOrEqual(1400);
    expect(a.pdd.p50).toBeLessThanOrEqual(1600);
    expect(a.pdd.p95).toBeGreaterThanOrEqual(2700);
    expect(a.pdd.p95).toBeLessThanOrEqual(3000);
    expect(a.setup).toEqual({ p50: 10_000, p95: 10_000, count: 100 });
    expect(rows[1]).toEqual({
      trunk: 'carrier-b',
      pdd: { p50: 5000, p95: 5000, count: 10 },
      setup: { p50: 6000, p95: 6000, count: 10 },
    });
    expect(t.total({ from: clock.now() - 5 * MIN, to: clock.now() + 1 }).pdd.count).toBe(110);
    expect(
      t.query({ from: clock.now() - 5 * MIN, to: clock.now() + 1 }, { trunk: 'carrier-b' }),
    ).toHaveLength(1);
  });

  it('leaves abandoned calls out of setup time but keeps their post-dial delay', () => {
    const clock = new ManualClock(T0);
    const t = new CallTimings();
    t.add({ ts: T0, trunk: 'x', result: 'abandoned', pddMs: 800, setupMs: 25_000 }, clock.now());
    const [row] = t.query({ from: T0 - MIN, to: T0 + 1 });
    expect(row?.pdd.count).toBe(1);
    expect(row?.setup).toEqual({ p50: null, p95: null, count: 0 });
  });

  it('only counts calls inside the window, and forgets those older than the retention', () => {
    const clock = new ManualClock(T0);
    const t = new CallTimings({ slotMs: 15_000, retentionMs: 60 * MIN });
    t.add({ ts: T0, trunk: 'x', result: 'answered', setupMs: 1000 }, clock.now());
    clock.advance(10 * MIN);
    t.add({ ts: clock.now(), trunk: 'x', result: 'answered', setupMs: 3000 }, clock.now());
    expect(t.query({ from: clock.now() - 5 * MIN, to: clock.now() + 1 })[0]?.setup.count).toBe(1);
    expect(t.query({ from: clock.now() - 15 * MIN, to: clock.now() + 1 })[0]?.setup.count).toBe(2);

    clock.advance(61 * MIN);
    t.add({ ts: T0, trunk: 'x', result: 'answered', setupMs: 1000 }, clock.now());
    expect(t.stats.tooOld).toBe(1);
    // Slots are reused in a ring: the old minute no longer answers even for a window that covers it.
    t.add({ ts: clock.now(), trunk: 'x', result: 'answered', setupMs: 2000 }, clock.now());
    expect(t.query({ from: T0 - 1, to: clock.now() + 1 })[0]?.setup.count).toBe(1);
  });

  it('caps the number of trunk names and files calls without a trunk under one name', () => {
    const clock = new ManualClock(T0);
    const t = new CallTimings({ maxTrunks: 3 });
    for (const trunk of ['a', 'b', undefined, 'c', 'd'])
      t.add({ ts: T0, trunk, result: 'answered', setupMs: 100 }, clock.now());
    expect(t.query({ from: T0 - MIN, to: T0 + 1 }).map((r) => r.trunk)).toEqual([
      NO_TRUNK,
      'a',
      'b',
      OTHER_TRUNK,
    ]);
  });

  it('takes a call from the future as happening now', () => {
    const clock = new ManualClock(T0);
    const t = new CallTimings();
    t.add({ ts: T0 + 10 * MIN, trunk: 'x', result: 'answered', setupMs: 100 }, clock.now());
    expect(t.query({ from: T0 - MIN, to: T0 + 1 })).toHaveLength(1);
  });

  it('hands the changed slots to the store once, and a fresh instance loaded from them answers the same', () => {
    const clock = new ManualClock(T0);
    const t = new CallTimings({ slotMs: 15_000, retentionMs: 60 * MIN });
    for (let i = 1; i <= 40; i++) {
      clock.advance(1000);
      const trunk = i % 4 === 0 ? 'carrier-b' : 'carrier-a';
      t.add(
        { ts: clock.now(), trunk, result: 'answered', pddMs: i * 100, setupMs: 3000 + i * 50 },
        clock.now(),
      );
    }
    const records = t.takeDirty();
    // 40 s of calls span 3 or 4 slots of 15 s, both trunks in each.
    expect(new Set(records.map((r) => r.startMs)).size).toBeGreaterThanOrEqual(3);
    expect(t.takeDirty()).toEqual([]);

    // Through the store's JSON, as a restart would.
    const stored = records.map((r) => ({
      ...r,
      pdd: parseHistogramRecord(JSON.stringify(r.pdd))!,
      setup: parseHistogramRecord(JSON.stringify(r.setup))!,
    }));
    const restored = new CallTimings({ slotMs: 15_000, retentionMs: 60 * MIN });
    restored.load(stored, clock.now());
    const window = { from: T0, to: clock.now() + 1 };
    expect(restored.query(window)).toEqual(t.query(window));
    expect(restored.total(window)).toEqual(t.total(window));

    // Nothing older than the retention comes back.
    const later = new CallTimings({ slotMs: 15_000, retentionMs: 60 * MIN });
    later.load(stored, clock.now() + 61 * MIN);
    expect(later.total({ from: T0, to: clock.now() + 61 * MIN }).pdd.count).toBe(0);
  });

  it('writes a slot again after a failed write, and with the next sample', () => {
    const clock = new ManualClock(T0);
    const t = new CallTimings({ slotMs: 15_000, retentionMs: 60 * MIN });
    t.add({ ts: T0, trunk: 'carrier-a', result: 'answered', pddMs: 500, setupMs: 2000 }, T0);
    const first = t.takeDirty();
    expect(first).toHaveLength(1);
    t.restoreDirty(first);
    expect(t.takeDirty()).toEqual(first);
    clock.advance(1000);
    t.add(
      { ts: clock.now(), trunk: 'carrier-a', result: 'answered', pddMs: 700, setupMs: 2000 },
      clock.now(),
    );
    expect(t.takeDirty()[0]!.pdd.count).toBe(2);
  });

  it('reads back only what a stored histogram can be', () => {
    expect(parseHistogramRecord('not json')).toBeUndefined();
    expect(parseHistogramRecord('{"buckets":3,"count":1,"min":1,"max":1}')).toBeUndefined();
    expect(parseHistogramRecord('{"buckets":[[1,2],"x"],"count":2,"min":null,"max":null}')).toEqual({
      buckets: [[1, 2]],
      count: 2,
      min: null,
      max: null,
    });
  });

  it('gives the total step by step, so a rise shows when it began', () => {
    const t = new CallTimings({ slotMs: 15_000, retentionMs: 60 * MIN });
    const start = T0 - (T0 % MIN);
    // Ten minutes of calls, one every 10 s on carrier-a; ringing slows from 1 s to 6 s at minute 6.
    for (let s = 0; s < 600; s += 10) {
      const ts = start + s * 1000;
      t.add(
        { ts, trunk: 'carrier-a', result: 'answered', pddMs: s >= 360 ? 6_000 : 1_000, setupMs: 9_000 },
        ts,
      );
    }
    const series = t.series({ from: start, to: start + 10 * MIN }, MIN);
    expect(series.map((p) => p.at)).toEqual(Array.from({ length: 10 }, (_, i) => start + i * MIN));
    expect(series.map((p) => p.pdd.count)).toEqual(Array(10).fill(6));
    expect(series.map((p) => p.pdd.p95)).toEqual([
      1000, 1000, 1000, 1000, 1000, 1000, 6000, 6000, 6000, 6000,
    ]);
    // A step that is not a whole number of slots is rounded to one; empty steps are kept.
    const fine = t.series({ from: start + 9 * MIN, to: start + 11 * MIN }, 20_000);
    expect(fine.map((p) => p.at - start)).toEqual(
      [540, 555, 570, 585, 600, 615, 630, 645].map((s) => s * 1000),
    );
    expect(fine.slice(4).every((p) => p.pdd.count === 0 && p.pdd.p95 === null)).toBe(true);
    // Narrowed to a trunk with no calls: every step empty.
    expect(t.series({ from: start, to: start + MIN }, MIN, { trunk: 'carrier-b' })[0]!.setup.count).toBe(0);
  });
});
