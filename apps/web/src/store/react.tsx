import { createContext, useContext, useSyncExternalStore } from 'react';
import type { ReactNode } from 'react';
import { useStore } from 'zustand';
import type { LiveActions, LiveState, LiveStore } from './live-store';
import type { Feed } from './socket-feed';

const StoreContext = createContext<LiveStore | null>(null);
const FeedContext = createContext<Feed | null>(null);

export function LiveProvider({
  store,
  feed,
  children,
}: {
  store: LiveStore;
  feed?: Feed;
  children: ReactNode;
}) {
  return (
    <StoreContext.Provider value={store}>
      <FeedContext.Provider value={feed ?? null}>{children}</FeedContext.Provider>
    </StoreContext.Provider>
  );
}

function useLiveStore(): LiveStore {
  const store = useContext(StoreContext);
  if (!store) throw new Error('useLive needs a <LiveProvider>');
  return store;
}

/** Select narrowly: the component re-renders only when the selected value changes. */
export function useLive<T>(selector: (s: LiveState & LiveActions) => T): T {
  return useStore(useLiveStore(), selector);
}

export function useLiveStoreApi(): LiveStore {
  return useLiveStore();
}

export function useFeed(): Feed | null {
  return useContext(FeedContext);
}

const noSubscription = () => () => undefined;

/**
 * How often live data came back after being stale or disconnected (LiveState.recoveries); 0
 * outside a LiveProvider, for views rendered without the live feed.
 */
export function useRecoveries(): number {
  const store = useContext(StoreContext);
  return useSyncExternalStore(
    store ? store.subscribe : noSubscription,
    () => store?.getState().recoveries ?? 0,
  );
}
