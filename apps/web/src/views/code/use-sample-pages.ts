import { useState } from 'react';
import type { CodeDetail, EventFilter, StoredEvent } from '@sipwatch/wire';
import { useApi } from '../../api/react';

/** A code page's samples shown this many at a time (the server's default first page). */
export const SAMPLES_PER_PAGE = 20;

interface Pages {
  /** What the samples were for: a new range or filter starts again from the newest. */
  key: string;
  /** The window the paging walks back through, fixed when the first older page was asked for. */
  window: { from: number; to: number };
  events: StoredEvent[];
  next: string | null;
}

export interface SamplePages {
  events: readonly StoredEvent[];
  /** True once older pages are shown: the list no longer follows the live refresh. */
  paging: boolean;
  canPageBack: boolean;
  busy: boolean;
  error: string | null;
  older(): void;
  newest(): void;
}

/**
 * The samples of a code page, and older ones from the same window, page by page (GET
 * /api/v1/events with the last id as the cursor). While paging, the list holds still: a live
 * refresh would otherwise open a gap between the newest page and the older ones.
 */
export function useSamplePages(
  detail: CodeDetail | undefined,
  filter: EventFilter,
  key: string,
): SamplePages {
  const api = useApi();
  const [pages, setPages] = useState<Pages | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const held = pages?.key === key ? pages : null;
  const events = held ? held.events : (detail?.samples ?? []);
  const last = events.at(-1);
  const next = held ? held.next : events.length >= SAMPLES_PER_PAGE && last ? String(last.id) : null;

  const older = () => {
    if (busy || next === null || !detail) return;
    const window = held?.window ?? detail.window;
    setBusy(true);
    setError(null);
    api
      .events({ ...window, filter, cursor: next, limit: SAMPLES_PER_PAGE })
      .then(
        (page) =>
          setPages({
            key,
            window,
            events: [...events, ...page.events],
            next: page.events.length >= SAMPLES_PER_PAGE ? page.nextCursor : null,
          }),
        (err: unknown) => setError(err instanceof Error ? err.message : String(err)),
      )
      .finally(() => setBusy(false));
  };
  return {
    events,
    paging: held !== null,
    canPageBack: next !== null,
    busy,
    error,
    older,
    newest: () => setPages(null),
  };
}
