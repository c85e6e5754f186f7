import { useCallback, useMemo } from 'react';
import { useSearchParams } from 'react-router-dom';
import type { ViewState } from './view-state';
import { parseViewState, toSearch, writeViewState } from './view-state';

/** The view state in the URL, and a setter that writes it back (one history entry per change). */
export function useViewState(): [ViewState, (next: ViewState) => void, string] {
  const [params, setParams] = useSearchParams();
  const search = params.toString();
  const state = useMemo(() => parseViewState(new URLSearchParams(search)), [search]);
  const set = useCallback((next: ViewState) => setParams((prev) => writeViewState(next, prev)), [setParams]);
  // The query string other pages should carry along (range and filters, kiosk included).
  const carry = useMemo(() => toSearch(writeViewState(state)), [state]);
  return [state, set, carry];
}
