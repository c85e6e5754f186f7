import { createContext, useContext } from 'react';
import type { ReactNode } from 'react';
import type { AlertsApi } from './alerts';
import { createAlertsApi } from './alerts';
import { useToken } from './token';

const AlertsApiContext = createContext<AlertsApi | null>(null);

/** Overrides the alerts API (tests point it at a server of their own). */
export function AlertsApiProvider({ api, children }: { api: AlertsApi; children: ReactNode }) {
  return <AlertsApiContext.Provider value={api}>{children}</AlertsApiContext.Provider>;
}

let sameOrigin: AlertsApi | undefined;

/** The alerts API: the provided one, else this page's server with the tab's tokens. */
export function useAlertsApi(): AlertsApi {
  const provided = useContext(AlertsApiContext);
  if (provided) return provided;
  sameOrigin ??= createAlertsApi();
  return sameOrigin;
}

/** The admin token of this tab, or null; re-renders when it is entered or forgotten. */
export function useAdminToken(): string | null {
  return useToken('admin');
}
