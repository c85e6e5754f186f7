import { useCallback, useEffect, useRef, useState } from 'react';
import { describeApiError } from '../../api/alerts';

export interface ActionState {
  busy: boolean;
  /** What went wrong, as a sentence (401 and 403 say what to do about the token). */
  error: string | null;
  /** What went right, when the caller says so. */
  done: string | null;
}

/**
 * Runs one user action against the API at a time, holding its busy flag and its outcome. The
 * returned promise resolves to the action's value, or undefined when it failed.
 */
export function useAction(): [
  ActionState,
  <T>(work: () => Promise<T>, success?: (value: T) => string | null) => Promise<T | undefined>,
  () => void,
] {
  const [state, setState] = useState<ActionState>({ busy: false, error: null, done: null });
  const mounted = useRef(true);
  useEffect(() => {
    mounted.current = true;
    return () => {
      mounted.current = false;
    };
  }, []);
  const run = useCallback(async <T>(work: () => Promise<T>, success?: (value: T) => string | null) => {
    setState({ busy: true, error: null, done: null });
    try {
      const value = await work();
      if (mounted.current) setState({ busy: false, error: null, done: success ? success(value) : null });
      return value;
    } catch (err) {
      if (mounted.current) setState({ busy: false, error: describeApiError(err), done: null });
      return undefined;
    }
  }, []);
  const reset = useCallback(() => setState({ busy: false, error: null, done: null }), []);
  return [state, run, reset];
}
