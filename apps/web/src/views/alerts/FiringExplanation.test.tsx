import { render, screen } from '@testing-library/react';
import { MemoryRouter } from 'react-router-dom';
import { describe, expect, it } from 'vitest';
import { alertView, explanation } from '@sipwatch/testing';
import type { ExplainedSlice } from '@sipwatch/wire';
import { ApiProvider } from '../../api/react';
import { fixtureApi } from '../../test/render';
import { FiringExplanation } from './FiringExplanation';

const FIRED = Date.UTC(2025, 0, 15, 12, 3, 0);

const storm: ExplainedSlice = {
  slice: { code: 503, trunk: 'carrier-b' },
  failures: 420,
  finals: 900,
  expected: 8,
  excess: 412,
  share: 412 / 460,
  rate: 0.47,
  baselineRate: 0.033,
  lift: 14,
  onset: null,
};

function show(view: ReturnType<typeof alertView>) {
  const fixture = fixtureApi({
    explanation: explanation({
      verdict: 'slices',
      slices: [storm],
      overall: { ...explanation().overall, excess: 460 },
      code: { code: 503, phrase: 'Service Unavailable', category: 'network', meaning: '', checks: [] },
    }),
  });
  const asked: unknown[] = [];
  const api: typeof fixture.api = {
    ...fixture.api,
    explain: (q, signal) => (asked.push(q), fixture.api.explain(q, signal)),
  };
  render(
    <ApiProvider api={api}>
      <MemoryRouter>
        <table>
          <tbody>
            <FiringExplanation view={view} colSpan={7} />
          </tbody>
        </table>
      </MemoryRouter>
    </ApiProvider>,
  );
  return asked;
}

describe('a firing alert on the alert page', () => {
  it('says what changed over its window as it fired, each slice linking to its drill-down', async () => {
    const view = alertView('storm', 'firing', 'critical', FIRED);
    view.rule.scope = { trunk: 'carrier-b' };
    const asked = show(view);
    const cell = await screen.findByTestId('alert-explanation');
    expect(cell).toHaveTextContent(
      'What changed: 503 Service Unavailable from carrier-b: 412 of 460 extra failures (90%), 14× its rate an hour ago',
    );
    // The rule's 5-minute window ending when it fired, in its scope: what the notification carried.
    expect(asked).toEqual([
      { from: FIRED - 300_000, to: FIRED, baseline: 'hour', filter: { trunk: 'carrier-b' } },
    ]);
    const link = screen.getByTestId('alert-explanation-link');
    expect(link).toHaveTextContent('503 Service Unavailable from carrier-b');
    const href = new URL(link.getAttribute('href')!, 'http://x');
    expect(href.pathname).toBe('/codes/503');
    expect(href.searchParams.get('trunk')).toBe('carrier-b');
    expect(href.searchParams.get('range')).toBe('custom');
  });

  it('says nothing for an alert that is not firing', () => {
    const asked = show(alertView('calm', 'ok'));
    expect(screen.queryByTestId('alert-explanation')).toBeNull();
    expect(asked).toEqual([]);
  });
});
