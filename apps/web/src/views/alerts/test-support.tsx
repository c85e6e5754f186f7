import { render } from '@testing-library/react';
import type { RenderResult } from '@testing-library/react';
import { MemoryRouter, useLocation } from 'react-router-dom';
import type { AlertRuleInput, AlertView } from '@sipwatch/wire';
import { startAlertsHarness } from '../../../../server/src/alerts/testing/harness.js';
import type { AlertsHarness } from '../../../../server/src/alerts/testing/harness.js';
import type { AlertsApi } from '../../api/alerts';
import { createAlertsApi } from '../../api/alerts';
import { createHttpApi } from '../../api/client';
import { AlertsApiProvider } from '../../api/alerts-react';
import { elevatedToken, saveToken } from '../../api/token';
import { ApiProvider } from '../../api/react';
import { App } from '../../app/App';
import type { LiveStore } from '../../store/live-store';
import { createLiveStore } from '../../store/live-store';
import { LiveProvider } from '../../store/react';
import { fixtureApi } from '../../test/render';

/**
 * Test support for the alert pages: the server's real alerts module (rules, state machine,
 * backtest, SQLite in a temp dir) on 127.0.0.1 with time on a ManualClock, and the app rendered
 * against it with the admin token read from this tab's storage, as in the browser.
 */

export const ADMIN_TOKEN = 'test-admin-token-0123456789';

export type { AlertsHarness };

export async function startAlertsServer(): Promise<AlertsHarness> {
  // The receivers the tests post to listen on 127.0.0.1.
  return startAlertsHarness({
    auth: { admin: [`alice:${ADMIN_TOKEN}`] },
    alerts: { allowTargets: ['127.0.0.1/32'] },
  });
}

/** Creates a rule straight through the API, as an admin. */
export async function createRule(h: AlertsHarness, input: AlertRuleInput): Promise<AlertView> {
  const res = await h.fetch('/api/v1/alerts/rules', { method: 'POST', json: input, token: ADMIN_TOKEN });
  if (res.status !== 201) throw new Error(`create rule: ${res.status} ${await res.text()}`);
  return (await res.json()) as AlertView;
}

/** Every rule as the server has it now. */
export async function serverRules(h: AlertsHarness): Promise<AlertView[]> {
  const res = await h.fetch('/api/v1/alerts/rules', { token: ADMIN_TOKEN });
  return ((await res.json()) as { rules: AlertView[] }).rules;
}

const inFlight = new Set<Promise<unknown>>();

/**
 * The page's API calls, tracked so a test can wait for them before it stops the server (the
 * server's close waits for connections that still carry a request). Node's fetch does not know
 * jsdom's AbortSignal either: given one, it holds the connection for seconds, so calls go
 * without it; what the page shows does not change.
 */
function tracked<Api extends object>(api: Api): Api {
  const out: Record<string, unknown> = {};
  for (const [name, fn] of Object.entries(api) as [string, (...args: unknown[]) => Promise<unknown>][]) {
    out[name] = (...args: unknown[]) => {
      const p = fn(...args.filter((a) => !(a instanceof AbortSignal)));
      inFlight.add(p);
      const done = () => void inFlight.delete(p);
      p.then(done, done);
      return p;
    };
  }
  return out as unknown as Api;
}

/** Waits until no API call of a rendered page is on its way. */
export async function settle(): Promise<void> {
  while (inFlight.size > 0) await Promise.allSettled([...inFlight]);
}

function LocationProbe() {
  const location = useLocation();
  return <output data-testid="location">{location.pathname + location.search}</output>;
}

export function renderAlertsApp(
  path: string,
  options: {
    base: string;
    store?: LiveStore;
    api?: AlertsApi;
    /** The dashboard's read API (summary, series, ...) from the test's server rather than fixtures. */
    reads?: 'server';
  },
): RenderResult & { store: LiveStore } {
  const store = options.store ?? createLiveStore({ now: 0 });
  const api = tracked(options.api ?? createAlertsApi({ base: options.base, token: elevatedToken }));
  const reads = options.reads === 'server' ? tracked(createHttpApi(options.base)) : fixtureApi().api;
  const utils = render(
    <LiveProvider store={store}>
      <ApiProvider api={reads}>
        <AlertsApiProvider api={api}>
          <MemoryRouter initialEntries={[path]}>
            <App />
            <LocationProbe />
          </MemoryRouter>
        </AlertsApiProvider>
      </ApiProvider>
    </LiveProvider>,
  );
  return { ...utils, store };
}

export function setTabToken(token: string | null): void {
  saveToken('admin', token);
}
