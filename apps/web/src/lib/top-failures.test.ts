import { describe, expect, it } from 'vitest';
import { topFailure } from '../test/fixtures';
import { topFailureRows } from './top-failures';

describe('top failures of a live window', () => {
  it('keeps the server phrases, takes counts from the latest tick and adds new failure codes', () => {
    const rows = topFailureRows(
      [topFailure(503, 10, 'Overloaded'), topFailure(486, 4, 'Busy Here')],
      { 503: 12, 486: 4, 408: 20, 200: 500, 401: 50 },
      100,
      { 503: 1 },
    );
    expect(rows.map((r) => [r.code, r.reason, r.count])).toEqual([
      [408, 'Request Timeout', 20],
      [503, 'Overloaded', 12],
      [486, 'Busy Here', 4],
    ]);
    expect(rows[1]!.share).toBeCloseTo(0.12);
    expect(rows[1]!.vsUsual).toBe(12);
  });

  it('uses the server counts when there is no tick (history)', () => {
    const rows = topFailureRows([topFailure(503, 10, 'x', 0.5)], null, null, undefined);
    expect(rows).toEqual([{ code: 503, reason: 'x', count: 10, share: 0.5, vsUsual: null }]);
  });
});
