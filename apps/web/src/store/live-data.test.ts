import { describe, expect, it } from 'vitest';
import { point, snapshot, summary, kpis, tick } from '@sipwatch/testing';
import { fromSnapshot, withPatch, withTick } from './live-data';

const caps = { series: 5, kpiHistory: 3 };

describe('live data reduction', () => {
  it('takes a snapshot whole: series oldest first, KPIs and summary from the snapshot', () => {
    const data = fromSnapshot(
      snapshot({
        series: [point(3000, { 200: 1 }), point(1000, { 503: 2 }), point(2000)],
        summary: summary({ kpis: kpis({ failureRate: 0.5 }) }),
      }),
      caps,
    );
    expect(data.series.map((p) => p.t)).toEqual([1000, 2000, 3000]);
    expect(data.kpis?.failureRate).toBe(0.5);
    expect(data.summary).not.toBeNull();
  });

  it('appends each tick and never holds more than the cap', () => {
    let data = fromSnapshot(snapshot({ series: [] }), caps);
    for (let i = 1; i <= 20; i++)
      data = withTick(data, tick(point(i * 1000, { 200: i }), { responsesPerSec: i }), caps);
    expect(data.series).toHaveLength(5);
    expect(data.series.map((p) => p.t)).toEqual([16000, 17000, 18000, 19000, 20000]);
    expect(data.kpiHistory).toHaveLength(3);
    expect(data.kpis?.responsesPerSec).toBe(20);
  });

  it('trims a snapshot larger than the cap to its newest points', () => {
    const series = Array.from({ length: 12 }, (_, i) => point((i + 1) * 1000));
    expect(fromSnapshot(snapshot({ series }), caps).series.map((p) => p.t)).toEqual([
      8000, 9000, 10000, 11000, 12000,
    ]);
  });

  it('replaces a bucket sent twice and drops a late tick', () => {
    let data = fromSnapshot(snapshot({ series: [point(1000), point(2000, { 200: 1 })] }), caps);
    data = withTick(data, tick(point(2000, { 200: 4 })), caps);
    expect(data.series).toHaveLength(2);
    expect(data.series[1]!.responses).toBe(4);
    const before = data;
    data = withTick(data, tick(point(1000, { 503: 9 })), caps);
    expect(data).toBe(before);
  });

  it('after a gap, forgets buckets older than the series span', () => {
    let data = fromSnapshot(snapshot({ series: [point(1000), point(2000)] }), caps);
    data = withTick(data, tick(point(60_000)), caps);
    expect(data.series.map((p) => p.t)).toEqual([60_000]);
  });
});

describe('revised points in a tick', () => {
  it('replaces the buckets late events changed, fills a lost one, and keeps the ring bounded', () => {
    let data = fromSnapshot(
      snapshot({ series: [point(1000, { 200: 1 }), point(2000), point(4000, { 200: 2 })] }),
      caps,
    );
    data = withTick(
      data,
      {
        ...tick(point(5000, { 200: 1 })),
        // Newest first, as the server sends them; 0 is older than the ring and ignored.
        revised: [point(3000, { 486: 1 }), point(1000, { 200: 1, 503: 3 }), point(0, { 200: 9 })],
      },
      caps,
    );
    expect(data.series.map((p) => [p.t, p.responses])).toEqual([
      [1000, 4],
      [2000, 0],
      [3000, 1],
      [4000, 2],
      [5000, 1],
    ]);
    expect(data.series[0]!.byCode).toEqual({ 200: 1, 503: 3 });
    // The next tick pushes the oldest out as usual.
    data = withTick(data, tick(point(6000)), caps);
    expect(data.series.map((p) => p.t)).toEqual([2000, 3000, 4000, 5000, 6000]);
  });

  it('ignores the revisions of a late duplicate tick', () => {
    let data = fromSnapshot(snapshot({ series: [point(1000), point(2000)] }), caps);
    const before = data;
    data = withTick(data, { ...tick(point(1000)), revised: [point(2000, { 503: 1 })] }, caps);
    expect(data).toBe(before);
  });
});

describe('patching the ring from REST', () => {
  it('adds late events to their bucket and fills seconds whose tick was lost', () => {
    const data = fromSnapshot(
      snapshot({ series: [point(1000), point(2000, { 200: 1 }), point(4000)] }),
      caps,
    );
    const patched = withPatch(data, [point(2000, { 200: 1, 503: 4 }), point(3000, { 486: 2 })]);
    expect(patched.series.map((p) => [p.t, p.responses])).toEqual([
      [1000, 0],
      [2000, 5],
      [3000, 2],
      [4000, 0],
    ]);
  });

  it('never moves the head or the tail of the ring, and is a no-op when nothing changed', () => {
    const data = fromSnapshot(snapshot({ series: [point(2000, { 200: 1 }), point(3000)] }), caps);
    expect(withPatch(data, [point(1000, { 200: 9 }), point(2000, { 200: 1 }), point(9000, { 200: 9 })])).toBe(
      data,
    );
  });
});
