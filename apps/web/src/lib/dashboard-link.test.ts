import { describe, expect, it } from 'vitest';
import { AlertRuleSpecSchema, MINUTE_MS } from '@sipwatch/wire';
import { dashboardUrl } from '../../../server/src/alerts/details.js';
import { parseViewState } from './view-state';

/** The link a notification carries opens the dashboard on the alert's window and slice. */
describe('the dashboard link in notifications', () => {
  it('opens the code’s page, read back as the rule window ending at the alert, with its filters', () => {
    const rule = {
      ...AlertRuleSpecSchema.parse({
        name: 'storm',
        metric: 'code_rate',
        code: 503,
        threshold: 5,
        window: '10m',
        scope: { trunk: 'carrier a&b', source: 'sbc-1' },
      }),
      id: 'storm',
      createdAt: 0,
      updatedAt: 0,
    };
    const at = Date.UTC(2026, 0, 15, 12, 3, 0);
    const link = new URL(dashboardUrl('https://noc.example.com/sipwatch', rule, at));
    expect(link.origin + link.pathname).toBe('https://noc.example.com/sipwatch/codes/503');
    expect(parseViewState(link.searchParams)).toEqual({
      range: 'custom',
      from: at - 10 * MINUTE_MS,
      to: at,
      filter: { trunk: 'carrier a&b', source: 'sbc-1' },
      kiosk: false,
    });
  });
});
