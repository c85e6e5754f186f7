import { describe, expect, it } from 'vitest';
import { sipEvent } from '@sipwatch/testing';
import { testAggregator } from '../test-support/aggregator.js';
import { packCell } from './cell-key.js';
import { CellSum } from './cell-sum.js';
import { resolveFilter, Tally } from './tally.js';

const NOW = Date.UTC(2025, 0, 6, 12, 0, 0);

describe('CellSum', () => {
  it('sums by key, the largest keys included, and replays in first-seen order while growing', () => {
    const sum = new CellSum(4);
    const big = packCell(65535, 65535, 63, 699, 3);
    const keys = [big, 0, 17, big - 1, 2 ** 40 + 5];
    for (let round = 0; round < 3; round++)
      for (let i = 0; i < 500; i++) sum.add(keys[i % 5]! + (i % 100) * 262144, 1);
    const out: [number, number][] = [];
    sum.forEach((k, c) => out.push([k, c]));
    expect(out).toHaveLength(100);
    expect(out[0]).toEqual([big, 15]);
    expect(out.reduce((n, [, c]) => n + c, 0)).toBe(1500);
  });

  it('a tally over many tables is the tally of every cell of every table, field for field', () => {
    const agg = testAggregator();
    const codes = [100, 180, 200, 401, 486, 487, 503, 408, 603];
    const events = Array.from({ length: 5000 }, (_, i) =>
      sipEvent({
        ts: NOW - 3_000_000 + i * 571,
        code: codes[i % codes.length]!,
        trunk: `t${i % 13}`,
        source: { channel: 'http', format: 'json', host: `h${i % 5}` },
        method: i % 7 ? 'INVITE' : 'BYE',
      }),
    );
    agg.add(events, NOW);
    const { tables } = agg.tablesFor(NOW - 3_600_000, NOW);
    expect(tables.length).toBeGreaterThan(40);
    const filter = resolveFilter({}, agg);
    const summed = new Tally(agg.profiles, filter, agg, { dimensions: true }).addTables(tables);
    const oneByOne = new Tally(agg.profiles, filter, agg, { dimensions: true });
    for (const t of tables) t.forEach(oneByOne.addCell);
    const fields = (t: Tally) =>
      Object.fromEntries(Object.entries(t).filter(([, v]) => typeof v !== 'function'));
    expect(fields(summed)).toEqual(fields(oneByOne));
    expect(summed.responses).toBe(5000);
    expect([...summed.failureTrunks!.keys()]).toEqual([...oneByOne.failureTrunks!.keys()]);
  });
});
