import { describe, expect, it } from 'vitest';
import { parseViewState, resolveRange, toSearch, writeViewState } from './view-state';

const parse = (s: string) => parseViewState(new URLSearchParams(s));

describe('view state in the URL', () => {
  it('restores range, filters and kiosk from a pasted link', () => {
    const view = parse('range=1h&trunk=carrier-a&method=INVITE&kiosk');
    expect(view).toEqual({ range: '1h', filter: { trunk: 'carrier-a', method: 'INVITE' }, kiosk: true });
  });

  it('writes the same view back to the same query string', () => {
    const search = toSearch(writeViewState(parse('trunk=b&range=6h&source=sbc-1')));
    expect(search).toBe('?range=6h&trunk=b&source=sbc-1');
    expect(parse(search.slice(1))).toEqual(parse('trunk=b&range=6h&source=sbc-1'));
    expect(toSearch(writeViewState({ range: '15m', filter: {}, kiosk: true }))).toBe('?kiosk');
  });

  it('round-trips a custom range as ISO times, and accepts epoch milliseconds', () => {
    const from = Date.UTC(2025, 0, 2, 3, 4, 5);
    const to = from + 3_600_000;
    const search = toSearch(writeViewState({ range: 'custom', from, to, filter: {}, kiosk: false }));
    expect(search).toBe('?range=custom&from=2025-01-02T03%3A04%3A05Z&to=2025-01-02T04%3A04%3A05Z');
    expect(parse(search.slice(1))).toMatchObject({ range: 'custom', from, to });
    expect(parse(`from=${from}&to=${to}`)).toMatchObject({ range: 'custom', from, to });
  });

  it('falls back to the default live window for nonsense, and says why when the link asked for a range', () => {
    expect(parse('range=2y').range).toBe('15m');
    expect(parse('range=2y').rangeProblem).toBeUndefined();
    expect(parse('range=custom&from=10&to=5')).toMatchObject({
      range: '15m',
      rangeProblem: "the link's range ends before it starts (from is after to)",
    });
    expect(parse('from=yesterday&to=2025-01-02').rangeProblem).toBe('from in the link is not a time');
    expect(parse('from=2025-01-02').rangeProblem).toBe('the link gives only one end of its range');
    expect(parse('kiosk=0').kiosk).toBe(false);
    // Never written back: the corrected view has a clean URL.
    expect(toSearch(writeViewState(parse('from=10&to=5')))).toBe('');
  });

  it('reads a time without a zone as UTC, as the server does', () => {
    expect(parse('from=2025-01-02T03:00&to=2025-01-02T04:00')).toMatchObject({
      range: 'custom',
      from: Date.UTC(2025, 0, 2, 3, 0),
      to: Date.UTC(2025, 0, 2, 4, 0),
    });
  });

  it('resolves live and history ranges to bounds and a bucket width', () => {
    expect(resolveRange({ range: '5m' }, 1_000_000)).toMatchObject({
      live: true,
      from: 700_000,
      to: 1_000_000,
      stepMs: 1_000,
    });
    const day = resolveRange({ range: '24h' }, 100_000_000);
    expect(day.live).toBe(false);
    expect(day.spanMs / day.stepMs).toBeLessThanOrEqual(360);
  });
});
