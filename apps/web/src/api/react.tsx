import { createContext, useContext, useEffect, useRef, useState } from 'react';
import type { ReactNode } from 'react';
import { useRecoveries } from '../store/react';
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
 * Sends one request for `key` and holds its answer (or its error, keeping the key's data) unless it
 * was aborted; `running` is cleared when it ends, if it still names this request.
 */
function startRequest<T>(
  running: { current: { controller: AbortController } | null },
  key: string,
  send: (signal: AbortSignal) => Promise<T>,
  setHeld: (update: Held<T> | ((h: Held<T>) => Held<T>)) => void,
): AbortController {
  const controller = new AbortController();
  const done = () => {
    if (running.current?.controller === controller) running.current = null;
  };
  send(controller.signal).then(
    (data) => {
      done();
      if (!controller.signal.aborted) setHeld({ key, data, error: undefined, loading: false });
    },
    (err: unknown) => {
      done();
      if (controller.signal.aborted) return;
      const error = err instanceof Error ? err : new Error(String(err));
      setHeld((h) => ({ key, data: h.key === key ? h.data : undefined, error, loading: false }));
    },
  );
  return controller;
}

/**
 * Runs `fetcher` when `key` changes (and every `refreshMs` when given). A new key aborts the
 * previous request; a refresh never does: while the key's request is on its way the refresh waits
 * for the next round, so a server slower than `refreshMs` still gets its answers on screen. A
 * refresh keeps the data on screen while it runs; a new key never shows the old key's data.
 * `key: null` disables the query. `refreshMs` may depend on the data held (e.g. refresh sooner
 * while it is empty); the timer restarts when the interval changes. It also asks again at once,
 * dropping a request on its way, when live data comes back after being stale or disconnected.
 */
export function useQuery<T>(
  key: string | null,
  fetcher: (api: ApiClient, signal: AbortSignal) => Promise<T>,
  refreshMs?: number | ((data: T | undefined) => number),
): QueryState<T> {
  const api = useApi();
  const [held, setHeld] = useState<Held<T>>({ key: null, data: undefined, error: undefined, loading: false });
  const [round, setRound] = useState(0);
  // Back from stale or disconnected: what was fetched meanwhile may be old or an error; ask again now.
  const recoveries = useRecoveries();
  const running = useRef<{
    api: ApiClient;
    key: string;
    recoveries: number;
    controller: AbortController;
  } | null>(null);

  useEffect(() => {
    const current = running.current;
    if (key === null) {
      current?.controller.abort();
      running.current = null;
      return;
    }
    if (current && current.api === api && current.key === key && current.recoveries === recoveries) return;
    current?.controller.abort();
    running.current = {
      api,
      key,
      recoveries,
      controller: startRequest(running, key, (signal) => fetcher(api, signal), setHeld),
    };
    // The key names the request; the fetcher closure is rebuilt each render on purpose.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [api, key, round, recoveries]);

  useEffect(
    () => () => {
      running.current?.controller.abort();
      running.current = null;
    },
    [],
  );

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

/**
 * Runs `fetcher` when `key` changes, and again when `tick` (the live feed's server time) moves on
 * at least `gapMs` past the last request's start, never while a request is on its way: a table
 * follows the socket's ticks without piling up requests when the server is slow. Data stays on
 * screen while a refresh runs; a new key never shows the old key's data.
 */
export function useTickQuery<T>(
  key: string | null,
  fetcher: (api: ApiClient, signal: AbortSignal) => Promise<T>,
  tick: number,
  gapMs: number,
): QueryState<T> {
  const api = useApi();
  const [held, setHeld] = useState<Held<T>>({ key: null, data: undefined, error: undefined, loading: false });
  const running = useRef<{ key: string; controller: AbortController } | null>(null);
  const lastStart = useRef<{ key: string | null; tick: number }>({ key: null, tick: 0 });

  useEffect(() => {
    if (key === null) return;
    const last = lastStart.current;
    if (running.current?.key === key) return;
    if (last.key === key && tick - last.tick < gapMs) return;
    running.current?.controller.abort();
    running.current = {
      key,
      controller: startRequest(running, key, (signal) => fetcher(api, signal), setHeld),
    };
    lastStart.current = { key, tick };
    // The key names the request and the tick paces it; the fetcher closure is rebuilt each render.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [api, key, tick, gapMs]);

  useEffect(
    () => () => {
      running.current?.controller.abort();
      running.current = null;
    },
    [],
  );

  if (key === null) return { data: undefined, error: undefined, loading: false };
  if (held.key !== key) return { data: undefined, error: undefined, loading: true };
  return held;
}
