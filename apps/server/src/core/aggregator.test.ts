import { describe, expect, it } from 'vitest';
import { sipEvent, T0 } from '@sipwatch/testing';
import type { SipEvent } from '@sipwatch/wire';
import type { Aggregator } from './aggregator.js';
import { testAggregator } from '../test-support/aggregator.js';
import { resolveFilter, Tally } from './tally.js';
import type { EventFilter } from '@sipwatch/wire';

const DAY = 86_400_000;

const aggregator = testAggregator;

function count(agg: Aggregator, from: number, to: number, filter: EventFilter = {}) {
  const cov = agg.tablesFor(from, to);
  return {
    cov,
    tally: new Tally(agg.profiles, resolveFilter(filter, agg), agg, { dimensions: true }).addTables(
      cov.tables,
    ),
  };
}

describe('Aggregator buckets', () => {
  it('buckets by event time, not arrival time', () => {
    const agg = aggregator();
    const now = T0 + 120_000;
    agg.add([sipEvent({ ts: T0 + 5_500, code: 200 }), sipEvent({ ts: T0 + 6_000, code: 503 })], now);
    expect(agg.secondAt((T0 + 5_000) / 1000)?.total()).toBe(1);
    expect(agg.secondAt((T0 + 6_000) / 1000)?.total()).toBe(1);
    expect(agg.minuteAt(T0 / 60_000)?.total()).toBe(2);
    expect(count(agg, T0 + 5_000, T0 + 6_000).tally.responses).toBe(1);
    expect(count(agg, T0, T0 + 60_000).tally.responses).toBe(2);
  });

  it('counts every window once: whole minutes from rollups, edges from seconds', () => {
    const agg = aggregator();
    const events: SipEvent[] = [];
    // One event per second for 10 minutes.
    for (let s = 0; s < 600; s++) events.push(sipEvent({ ts: T0 + s * 1000 + 250, code: 200 }));
    agg.add(events, T0 + 600_000);
    agg.tick(T0 + 600_000);
    const { tally, cov } = count(agg, T0 + 30_000, T0 + 330_000);
    expect(cov).toMatchObject({ from: T0 + 30_000, to: T0 + 330_000 });
    expect(tally.responses).toBe(300);
    // 30 edge seconds + 4 minutes + 30 edge seconds
    expect(cov.tables.length).toBe(30 + 4 + 30);
  });

  it('an event older than the live window still lands in its minute rollup', () => {
    const agg = aggregator({ liveSeconds: 600 });
    const now = T0 + 3 * 3_600_000;
    agg.tick(now);
    const late = sipEvent({ ts: T0 + 90_000, code: 503 }); // a CDR arriving 3 h late
    expect(agg.add([late], now)).toEqual([]);
    expect(agg.secondAt((T0 + 90_000) / 1000)).toBeUndefined();
    const cov = agg.tablesFor(T0 + 60_000, T0 + 120_000);
    // Older than memory: the store has to be read as well, and the delta is pending in memory.
    expect(cov.storeMinutes).toEqual({ from: (T0 + 60_000) / 60_000, to: (T0 + 120_000) / 60_000 });
    expect(cov.tables.reduce((n, t) => n + t.total(), 0)).toBe(1);
    const dirty = agg.takeDirty();
    expect(dirty.minuteDeltas).toHaveLength(1);
    expect(dirty.minuteDeltas[0]!.at).toBe((T0 + 60_000) / 60_000);
  });

  it('outside the live window a range widens to whole minutes', () => {
    const agg = aggregator({ liveSeconds: 600 });
    const now = T0 + 3_600_000;
    agg.tick(now);
    const cov = agg.tablesFor(T0 + 10_000, T0 + 70_000);
    expect(cov.from).toBe(T0);
    expect(cov.to).toBe(T0 + 120_000);
  });

  it('rejects events older than retention, with the reason', () => {
    const agg = aggregator({ retentionDays: 1 });
    const now = T0 + 2 * DAY;
    const old = sipEvent({ ts: T0, code: 200 });
    const fresh = sipEvent({ ts: now - 1000, code: 200 });
    expect(agg.add([old, fresh], now)).toEqual([{ event: old, reason: 'older-than-retention' }]);
    expect(count(agg, now - 60_000, now).tally.responses).toBe(1);
  });

  it('clamps events far in the future to now', () => {
    const agg = aggregator();
    const now = T0 + 10_000;
    agg.add([sipEvent({ ts: now + 3_600_000, code: 200 })], now);
    expect(agg.clamped).toBe(1);
    expect(agg.secondAt(Math.floor(now / 1000))?.total()).toBe(1);
  });

  it('forgets 1-second buckets that leave the live window', () => {
    const agg = aggregator({ liveSeconds: 60 });
    agg.add([sipEvent({ ts: T0, code: 200 })], T0);
    agg.tick(T0 + 61_000);
    expect(agg.secondAt(T0 / 1000)).toBeUndefined();
    // The minute still has it.
    expect(count(agg, T0, T0 + 60_000).tally.responses).toBe(1);
  });
});

describe('Aggregator late events', () => {
  it('a tick hands over, once, the cells late events added to seconds an earlier tick closed', () => {
    const agg = aggregator();
    agg.add([sipEvent({ ts: T0 + 10_200, code: 200 })], T0 + 10_300);
    expect(agg.tick(T0 + 11_020)).toEqual({ closed: T0 / 1000 + 10, revised: [] });
    agg.add(
      [
        sipEvent({ ts: T0 + 10_900, code: 503, trunk: 'carrier-b' }), // the second just ticked
        sipEvent({ ts: T0 + 4_000, code: 486 }), // an older one
        sipEvent({ ts: T0 + 11_100, code: 200 }), // still open: the next point carries it
      ],
      T0 + 11_500,
    );
    const { closed, revised } = agg.tick(T0 + 12_020);
    expect(closed).toBe(T0 / 1000 + 11);
    expect(revised.map((r) => [r.at, r.table.total()])).toEqual([
      [T0 / 1000 + 10, 1],
      [T0 / 1000 + 4, 1],
    ]);
    // The bucket itself holds everything; the revision only the late cells.
    expect(agg.secondAt(T0 / 1000 + 10)?.total()).toBe(2);
    expect(agg.tick(T0 + 13_020).revised).toEqual([]);
  });

  it('a second the tick is closing now is carried by its point, not revised', () => {
    const agg = aggregator();
    agg.tick(T0 + 11_020);
    agg.add([sipEvent({ ts: T0 + 10_500, code: 200 })], T0 + 11_100);
    // A second tick within the same second closes the same second again.
    expect(agg.tick(T0 + 11_200)).toEqual({ closed: T0 / 1000 + 10, revised: [] });
  });
});

describe('Aggregator dimensions', () => {
  it('caps distinct trunks; the rest fold into "other" and the fold is counted', () => {
    const agg = aggregator({ maxTrunks: 2 });
    const now = T0 + 10_000;
    agg.add(
      ['a', 'b', 'c', 'd', 'a'].map((trunk) => sipEvent({ ts: T0, code: 503, trunk })),
      now,
    );
    expect(agg.trunks.folded).toBe(2);
    const { tally } = count(agg, T0, T0 + 1000);
    const rows = new Map<string, number>();
    for (let id = 0; id < agg.trunks.size; id++) {
      const n = tally.trunkRows![id * 10]!;
      if (n > 0) rows.set(agg.trunks.nameOf(id), n);
    }
    expect(Object.fromEntries(rows)).toEqual({ a: 2, b: 1, other: 2 });
  });

  it('caps sources the same way', () => {
    const agg = aggregator({ maxSources: 1 });
    agg.add(
      ['h1', 'h2'].map((host) =>
        sipEvent({ ts: T0, code: 200, source: { channel: 'syslog', format: 'x', host } }),
      ),
      T0,
    );
    expect(agg.sources.folded).toBe(1);
    expect(agg.sources.find('h2')).toBeUndefined();
  });

  it('filters by trunk, source, method (any case), code and class', () => {
    const agg = aggregator();
    agg.add(
      [
        sipEvent({ ts: T0, code: 503, trunk: 'carrier-a' }),
        sipEvent({ ts: T0, code: 503, trunk: 'carrier-b' }),
        sipEvent({ ts: T0, code: 200, trunk: 'carrier-a', method: 'OPTIONS' }),
        sipEvent({
          ts: T0,
          code: 486,
          trunk: 'carrier-a',
          source: { channel: 'syslog', format: 'x', host: 'sbc-2' },
        }),
      ],
      T0 + 1000,
    );
    const n = (filter: EventFilter) => count(agg, T0, T0 + 1000, filter).tally.responses;
    expect(n({ trunk: 'carrier-a' })).toBe(3);
    expect(n({ trunk: 'carrier-a', class: '5xx' })).toBe(1);
    expect(n({ method: 'options' })).toBe(1);
    expect(n({ code: 503 })).toBe(2);
    expect(n({ source: 'sbc-2' })).toBe(1);
    expect(n({ trunk: 'never-seen' })).toBe(0);
  });

  it('events without a trunk count under "(none)"', () => {
    const agg = aggregator();
    agg.add([sipEvent({ ts: T0, code: 200 })], T0);
    expect(count(agg, T0, T0 + 1000, { trunk: '(none)' }).tally.responses).toBe(1);
  });
});

describe('Aggregator memory', () => {
  it('holds a bounded number of cells however long traffic runs', () => {
    const agg = aggregator({ liveSeconds: 120, maxTrunks: 5 });
    let cellsAfterWarmup = 0;
    for (let s = 0; s < 1200; s++) {
      const now = T0 + s * 1000;
      const batch: SipEvent[] = [];
      for (let i = 0; i < 50; i++)
        batch.push(sipEvent({ ts: now, code: [200, 486, 503][i % 3]!, trunk: `t${i % 20}` }));
      agg.add(batch, now);
      agg.tick(now);
      agg.takeDirty(); // as the flush does
      if (s === 600) cellsAfterWarmup = agg.cellCount();
    }
    expect(agg.cellCount()).toBeLessThanOrEqual(cellsAfterWarmup * 1.1);
  });
});

describe('Aggregator persistence hooks', () => {
  it('hands over changed buckets once, and takes them back after a failed write', () => {
    const agg = aggregator();
    agg.add([sipEvent({ ts: T0, code: 200, trunk: 'a' })], T0 + 60_000);
    const first = agg.takeDirty();
    expect(first.seconds.map((s) => s.at)).toEqual([T0 / 1000]);
    expect(first.minutes.map((m) => m.at)).toEqual([T0 / 60_000]);
    expect(first.dimensions).toEqual(
      expect.arrayContaining([
        { kind: 'trunk', id: 2, name: 'a', lastSeen: T0 + 60_000 },
        { kind: 'source', id: 2, name: 'proxy-1', lastSeen: T0 + 60_000 },
        { kind: 'method', id: 2, name: 'INVITE', lastSeen: T0 + 60_000 },
      ]),
    );
    expect(agg.takeDirty()).toMatchObject({ seconds: [], minutes: [], dimensions: [] });
    agg.restoreDirty(first);
    expect(agg.takeDirty().seconds).toHaveLength(1);
  });

  it('keeps the open minute pending until it closes (its seconds carry it), unless asked for all', () => {
    const agg = aggregator();
    agg.add([sipEvent({ ts: T0 + 1000, code: 200 })], T0 + 2000);
    expect(agg.takeDirty()).toMatchObject({ seconds: [{ at: T0 / 1000 + 1 }], minutes: [] });
    agg.tick(T0 + 60_000);
    expect(agg.takeDirty().minutes.map((m) => m.at)).toEqual([T0 / 60_000]);
    agg.add([sipEvent({ ts: T0 + 61_000, code: 200 })], T0 + 62_000);
    expect(agg.takeDirty({ all: true }).minutes.map((m) => m.at)).toEqual([T0 / 60_000 + 1]);
  });

  it('rebuilds the minutes of the live window from their seconds at load', () => {
    const before = aggregator();
    before.add([sipEvent({ ts: T0 + 1000, code: 503 }), sipEvent({ ts: T0 + 2000, code: 503 })], T0 + 3000);
    const dirty = before.takeDirty();
    expect(dirty.minutes).toEqual([]); // A crash now: no minute row was ever written.
    const after = aggregator();
    after.load({ dimensions: dirty.dimensions, seconds: dirty.seconds, minutes: [] }, T0 + 10_000);
    expect(after.minuteAt(T0 / 60_000)?.total()).toBe(2);
    expect(count(after, T0, T0 + 60_000).tally.responses).toBe(2);
    // And it is written at the next opportunity.
    expect(after.takeDirty({ all: true }).minutes.map((m) => m.table.total())).toEqual([2]);
  });

  it('resumes counting on top of loaded state with the same dimension ids', () => {
    const before = aggregator();
    before.add([sipEvent({ ts: T0, code: 503, trunk: 'a' })], T0 + 1000);
    const dirty = before.takeDirty();
    const after = aggregator();
    after.load(
      {
        dimensions: dirty.dimensions,
        seconds: dirty.seconds.map((s) => ({ at: s.at, table: s.table.clone() })),
        minutes: dirty.minutes.map((m) => ({ at: m.at, table: m.table.clone() })),
      },
      T0 + 2000,
    );
    after.add([sipEvent({ ts: T0, code: 503, trunk: 'a' })], T0 + 2000);
    expect(after.trunks.find('a')).toBe(2);
    expect(count(after, T0, T0 + 1000, { trunk: 'a' }).tally.responses).toBe(2);
  });
});

describe('Aggregator past minutes per drain', () => {
  it('hands over at most pastMinutesPerDrain past minutes at a time; the rest wait, still counted', () => {
    const agg = aggregator({ pastMinutesPerDrain: 1000 });
    const now = T0 + 40 * DAY;
    const events = Array.from({ length: 2500 }, (_, i) =>
      sipEvent({ ts: now - (i + 100) * 60_000, code: 200 }),
    );
    agg.add(events, now);
    const from = now - 2700 * 60_000;
    const sizes: number[] = [];
    const stored = new Set<number>();
    for (let drain = 0; drain < 5; drain++) {
      const dirty = agg.takeDirty();
      sizes.push(dirty.minuteDeltas.length);
      for (const m of dirty.minuteDeltas) stored.add(m.at);
      // What is not handed over yet is still in the answer (stored rows come from the store).
      const pending = count(agg, from, now).tally.responses;
      expect(pending).toBe(2500 - stored.size);
    }
    expect(sizes).toEqual([1000, 1000, 500, 0, 0]);
    expect(stored.size).toBe(2500);
  });

  it('the final drain takes everything', () => {
    const agg = aggregator({ pastMinutesPerDrain: 10 });
    const now = T0 + DAY;
    agg.add(
      Array.from({ length: 50 }, (_, i) => sipEvent({ ts: now - (i + 100) * 60_000, code: 200 })),
      now,
    );
    expect(agg.takeDirty({ all: true }).minuteDeltas).toHaveLength(50);
  });
});

describe('Aggregator and a backward clock jump', () => {
  it('follows a jump back of more than a minute: new events are in the live window at once', () => {
    const agg = aggregator();
    const before = T0 + 3 * 3_600_000;
    agg.add([sipEvent({ ts: before - 500, code: 200 })], before);
    agg.tick(before);
    agg.takeDirty();
    // The clock is set back three hours (an NTP step).
    const after = T0;
    agg.tick(after);
    expect(agg.backwardJumps).toBe(1);
    expect(agg.lastBackwardJumpMs).toBe(3 * 3_600_000);
    agg.add([sipEvent({ ts: after + 200, code: 503 })], after + 300);
    const { closed } = agg.tick(after + 1000);
    expect(closed).toBe(after / 1000);
    expect(agg.secondAt(after / 1000)?.total()).toBe(1);
    expect(count(agg, after - 300_000, after + 1000).tally.responses).toBe(1);
    // A small step back is jitter: ignored.
    agg.tick(after - 30_000);
    expect(agg.backwardJumps).toBe(1);
    expect(agg.nowSecond).toBe(after / 1000 + 1);
  });

  it('after the jump a minute that already left memory is counted as a delta onto the stored row', () => {
    const agg = aggregator({ liveSeconds: 600 });
    const old = T0;
    agg.add([sipEvent({ ts: old + 1000, code: 200 })], old + 2000);
    agg.tick(old + 2000);
    // Hours later the minute has left memory and been stored.
    const later = old + 5 * 3_600_000;
    agg.tick(later);
    agg.takeDirty();
    agg.tick(later + 1000);
    expect(agg.minuteAt(old / 60_000)).toBeUndefined();
    // Back to just after `old`: the stored minute must not be overwritten by a fresh table.
    agg.add([sipEvent({ ts: old + 5000, code: 200 })], old + 6000);
    expect(agg.backwardJumps).toBe(1);
    const dirty = agg.takeDirty({ all: true });
    expect(dirty.minuteDeltas.map((m) => m.at)).toContain(old / 60_000);
    expect(dirty.minutes.map((m) => m.at)).not.toContain(old / 60_000);
  });

  it('writes the minutes the old clock still had open at the next drain', () => {
    const agg = aggregator();
    const before = T0 + 3 * 3_600_000 + 30_000;
    agg.add([sipEvent({ ts: before - 500, code: 200 })], before);
    expect(agg.takeDirty().minutes).toHaveLength(0); // still open
    agg.tick(T0);
    expect(agg.takeDirty().minutes.map((m) => m.at)).toContain(Math.floor(before / 60_000));
  });
});

describe('Aggregator and recycled trunk ids', () => {
  it('a reused id starts the /metrics totals of its new name from zero', () => {
    const agg = aggregator({ maxTrunks: 1, retentionDays: 1, dimensionIdleMs: 3_600_000 });
    // Ids 2 to 9 (8 × the cap), each name idle before the next.
    for (let i = 0; i < 8; i++) {
      const now = T0 + i * 2 * 3_600_000;
      agg.add([sipEvent({ ts: now, code: 503, trunk: `fake-${i}`, callId: `f${i}` })], now);
    }
    const later = T0 + 3 * DAY;
    agg.add([sipEvent({ ts: later, code: 200, trunk: 'real', callId: 'r' })], later);
    expect(agg.trunks.find('real')).toBe(2);
    const totals: Record<string, number> = {};
    agg.forEachTrunkTotal((trunk, _c, n) => (totals[trunk] = (totals[trunk] ?? 0) + n));
    expect(totals.real).toBe(1);
    expect(totals['fake-0']).toBeUndefined();
  });
});
