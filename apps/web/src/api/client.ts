import type {
  AuthSession,
  CodeDetail,
  EventFilter,
  LiveWindow,
  SeriesGroup,
  SeriesResponse,
  Summary,
  TimingResponse,
  UiConfig,
} from '@sipwatch/server/wire';
import { send } from './http';
import { readToken } from './token';

/**
 * The REST API as the dashboard uses it. Live windows come over the socket; history ranges, the
 * tables of a live view and the drill-down pages come from here.
 */

export interface TimeQuery {
  from: number;
  to: number;
}

/** Fixed bounds, or a live window that ends at the server's newest closed second. */
export type RangeQuery = TimeQuery | { window: LiveWindow };

export type SummaryQuery = RangeQuery & {
  filter: EventFilter;
};

export interface SeriesQuery extends TimeQuery {
  filter: EventFilter;
  stepMs: number;
  group?: SeriesGroup;
}

export type CodeQuery = RangeQuery & {
  code: number;
  /** The other filters (trunk, source, method); the code itself goes in the path. */
  filter: EventFilter;
};

/** Call timing is kept per trunk only: the one filter it takes. */
export type TimingQuery = RangeQuery & { trunk?: string };

export type { AuthSession, Role } from '@sipwatch/server/wire';

/** GET /api/v1/auth/session: what the token sent (if any) grants, and how each role is guarded. */
export interface ApiClient {
  summary(query: SummaryQuery, signal?: AbortSignal): Promise<Summary>;
  series(query: SeriesQuery, signal?: AbortSignal): Promise<SeriesResponse>;
  /** A code over a range: registry entry, breakdown and the most recent sample events. */
  code(query: CodeQuery, signal?: AbortSignal): Promise<CodeDetail>;
  uiConfig(signal?: AbortSignal): Promise<UiConfig>;
  /** Post-dial delay and setup time, p50/p95 per trunk, from the calls HEP captured. */
  timing(query: TimingQuery, signal?: AbortSignal): Promise<TimingResponse>;
  /** Asks with `token` when given (a sign-in attempt), else with the tab's sign-in token. */
  session(token?: string, signal?: AbortSignal): Promise<AuthSession>;
}

export class ApiError extends Error {
  override name = 'ApiError';
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
  }
}

function params(filter: EventFilter, extra: object): string {
  const q = new URLSearchParams();
  for (const [key, value] of Object.entries({ ...filter, ...extra }) as [string, unknown][]) {
    if (value !== undefined && value !== '') q.set(key, String(value));
  }
  const s = q.toString();
  return s ? `?${s}` : '';
}

async function getJson<T>(
  url: string,
  signal?: AbortSignal,
  token: string | null = readToken('sign-in'),
): Promise<T> {
  const res = await send(url, { signal, headers: { accept: 'application/json' } }, token);
  if (!res.ok) {
    let detail = res.statusText;
    try {
      const body = (await res.json()) as { error?: unknown; message?: unknown };
      // Access refusals carry a code in `error` and the sentence in `message`.
      const msg = typeof body.message === 'string' ? body.message : body.error;
      if (typeof msg === 'string') detail = msg;
    } catch {
      // Not JSON: keep the status text.
    }
    throw new ApiError(`${url.split('?')[0]}: ${res.status} ${detail}`, res.status);
  }
  return (await res.json()) as T;
}

export function createHttpApi(base = ''): ApiClient {
  const root = `${base}/api/v1`;
  return {
    summary({ filter, ...range }, signal) {
      return getJson<Summary>(`${root}/summary${params(filter, range)}`, signal);
    },
    series({ from, to, filter, stepMs, group }, signal) {
      return getJson<SeriesResponse>(
        `${root}/series${params(filter, { from, to, stepMs, group: group ?? 'class' })}`,
        signal,
      );
    },
    code({ code, filter, ...range }, signal) {
      const { code: _ignored, ...rest } = filter;
      return getJson<CodeDetail>(`${root}/codes/${code}${params(rest, range)}`, signal);
    },
    uiConfig(signal) {
      return getJson<UiConfig>(`${root}/ui-config`, signal);
    },
    timing({ trunk, ...range }, signal) {
      return getJson<TimingResponse>(`${root}/timing${params({ trunk }, range)}`, signal);
    },
    session(token, signal) {
      return getJson<AuthSession>(`${root}/auth/session`, signal, token ?? readToken('sign-in'));
    },
  };
}
