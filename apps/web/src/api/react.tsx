import { createContext, useContext, useEffect, useState } from 'react';
import type { ReactNode } from 'react';
import type { ApiClient } from './client';

const ApiContext = createContext<ApiClient | null>(null);

export function ApiProvider({ api, children }: { api: ApiClient; children: ReactNode }) {
  return <ApiContext.Provider value={api}>{children}</ApiContext.Provider>;
}

export function useApi(): ApiClient {
  const api = useContext(ApiContext);
  if (!api) throw new Error('useApi needs an <ApiProvider>');
  return api;
}

export interface QueryState<T> {
  data: T | undefined;
  error: Error | undefined;
  loading: boolean;
}

interface Held<T> {
  key: string | null;
  data: T | undefined;
  error: Error | undefined;
  loading: boolean;
}

/**
 * Runs `fetcher` when `key` changes (and every `refreshMs` when given), aborting the previous
 * request. A refresh keeps the data on screen while it runs; a new key never shows the old key's
 * data. `key: null` disables the query. `refreshMs` may depend on the data held (e.g. refresh
 * sooner while it is empty); the timer restarts when the interval changes.
 */
export function useQuery<T>(
  key: string | null,
  fetcher: (api: ApiClient, signal: AbortSignal) => Promise<T>,
  refreshMs?: number | ((data: T | undefined) => number),
): QueryState<T> {
  const api = useApi();
  const [held, setHeld] = useState<Held<T>>({ key: null, data: undefined, error: undefined, loading: false });
  const [round, setRound] = useState(0);

  useEffect(() => {
    if (key === null) return;
    const controller = new AbortController();
    fetcher(api, controller.signal).then(
      (data) => {
        if (!controller.signal.aborted) setHeld({ key, data, error: undefined, loading: false });
      },
      (err: unknown) => {
        if (controller.signal.aborted) return;
        const error = err instanceof Error ? err : new Error(String(err));
        setHeld((h) => ({ key, data: h.key === key ? h.data : undefined, error, loading: false }));
      },
    );
    return () => controller.abort();
    // The key names the request; the fetcher closure is rebuilt each render on purpose.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [api, key, round]);

  const every =
    typeof refreshMs === 'function' ? refreshMs(held.key === key ? held.data : undefined) : refreshMs;
  useEffect(() => {
    if (key === null || !every) return;
    const timer = setInterval(() => setRound((r) => r + 1), every);
    return () => clearInterval(timer);
  }, [key, every]);

  if (key === null) return { data: undefined, error: undefined, loading: false };
  if (held.key !== key) return { data: undefined, error: undefined, loading: true };
  return held;
}
