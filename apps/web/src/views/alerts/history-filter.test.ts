import { describe, expect, it } from 'vitest';
import { historyQuery, parseHistoryFilter, writeHistoryFilter } from './history-filter';

describe('history filters in the URL', () => {
  it('round-trips rule, state and times, and drops what it does not know', () => {
    const f = {
      rule: '503-storm',
      state: 'firing' as const,
      from: Date.UTC(2025, 0, 1),
      to: Date.UTC(2025, 0, 2),
    };
    expect(parseHistoryFilter(writeHistoryFilter(f))).toEqual(f);
    expect(parseHistoryFilter(new URLSearchParams('state=exploded&from=yesterday&to=1700000000000'))).toEqual(
      {
        to: 1_700_000_000_000,
      },
    );
  });

  it('asks the API for a page, below a cursor when given', () => {
    expect(historyQuery({ rule: 'a' })).toEqual({ rule: 'a', limit: 100 });
    expect(historyQuery({}, 42)).toEqual({ limit: 100, before: 42 });
  });
});
