import { describe, expect, it } from 'vitest';
import { alertView } from '@sipwatch/testing';
import { alertSliceLink } from './alert-slice';

const NOW = Date.UTC(2025, 0, 6, 12, 30, 0);

describe('the link from a firing alert to its slice', () => {
  it("opens the code's page on the rule's trunk, over the smallest live window that shows the start", () => {
    const rule = {
      ...alertView('storm', 'firing').rule,
      metric: 'code_rate' as const,
      code: 503,
      scope: { trunk: 'carrier-b' },
    };
    expect(alertSliceLink(rule, NOW - 2 * 60_000, NOW)).toEqual({
      pathname: '/codes/503',
      search: '?trunk=carrier-b', // 15 min, the default window
    });
    expect(alertSliceLink(rule, NOW - 40 * 60_000, NOW).search).toBe('?range=1h&trunk=carrier-b');
  });

  it('takes the range from five minutes before the firing began when that is longer than an hour', () => {
    const rule = { ...alertView('failures', 'firing').rule, scope: { source: 'sbc-1', method: 'INVITE' } };
    const link = alertSliceLink(rule, NOW - 3 * 3_600_000, NOW);
    expect(link.pathname).toBe('/');
    const q = new URLSearchParams(link.search);
    expect(Object.fromEntries(q)).toMatchObject({ range: 'custom', source: 'sbc-1', method: 'INVITE' });
    expect(Date.parse(q.get('from')!)).toBe(NOW - 3 * 3_600_000 - 300_000);
  });
});
