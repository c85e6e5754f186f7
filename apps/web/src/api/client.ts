import type {
  AuthSession,
  CallDetail,
  CallsPage,
  ClusterResponse,
  CodeDetail,
  EventFilter,
  EventsPage,
  ExplainBaseline,
  IngestStatsSnapshot,
  UnparsedSamples,
  Explanation,
  LiveWindow,
  SeriesGroup,
  SeriesResponse,
  Summary,
  TimingResponse,
  UiConfig,
} from '@sipwatch/wire';
import { request } from './http';
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

export interface EventsQuery extends TimeQuery {
  filter: EventFilter;
  cursor: string;
  limit: number;
}

export type ExplainQuery = RangeQuery & {
  filter: EventFilter;
  baseline?: ExplainBaseline;
};

/** GET /api/v1/calls: empty fields are left out. */
export interface CallsQuery {
  callId?: string;
  number?: string;
  fromUser?: string;
  toUser?: string;
  trunk?: string;
  code?: number;
  from?: number;
  to?: number;
  cursor?: string;
  limit?: number;
}

/** GET /api/v1/ingest/unparsed: the kept lines of one channel or host, newest first. */
export interface UnparsedQuery {
  channel?: string;
  host?: string;
  limit?: number;
}

/** Call timing is kept per trunk only: the one filter it takes. */
export type TimingQuery = RangeQuery & { trunk?: string };

export type { AuthSession, Role } from '@sipwatch/wire';

/** GET /api/v1/auth/session: what the token sent (if any) grants, and how each role is guarded. */
export interface ApiClient {
  summary(query: SummaryQuery, signal?: AbortSignal): Promise<Summary>;
  series(query: SeriesQuery, signal?: AbortSignal): Promise<SeriesResponse>;
  /** A code over a range: registry entry, breakdown and the most recent sample events. */
  code(query: CodeQuery, signal?: AbortSignal): Promise<CodeDetail>;
  /** Stored raw events, newest first, one page (`cursor`: the `nextCursor` of the page before). */
  events(query: EventsQuery, signal?: AbortSignal): Promise<EventsPage>;
  /** Which slices hold the range's failures beyond its baseline ("What changed"). */
  explain(query: ExplainQuery, signal?: AbortSignal): Promise<Explanation>;
  uiConfig(signal?: AbortSignal): Promise<UiConfig>;
  /** Post-dial delay and setup time, p50/p95 per trunk, from the calls HEP captured. */
  timing(query: TimingQuery, signal?: AbortSignal): Promise<TimingResponse>;
  /** Whole calls kept from HEP capture, newest first. */
  calls(query: CallsQuery, signal?: AbortSignal): Promise<CallsPage>;
  /** One kept call with its SIP messages (an ApiError 404 when not kept). */
  call(callId: string, signal?: AbortSignal): Promise<CallDetail>;
  /** The call as a pcap-ng file (fetched with the tab's token, then saved by the browser). */
  callPcapng(callId: string): Promise<Blob>;
  /** What the intake accepted, refused and could not read, per channel, host and listener. */
  ingestStats(signal?: AbortSignal): Promise<IngestStatsSnapshot>;
  /** The lines or payloads that yielded no event, newest first. */
  unparsed(query: UnparsedQuery, signal?: AbortSignal): Promise<UnparsedSamples>;
  /** The cluster's nodes and their runs (`enabled: false` on a server running alone). */
  cluster(signal?: AbortSignal): Promise<ClusterResponse>;
  /** Asks with `token` when given (a sign-in attempt), else with the tab's sign-in token. */
  session(token?: string, signal?: AbortSignal): Promise<AuthSession>;
}

export { ApiError } from './http';

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
  const res = await request(url, { signal, headers: { accept: 'application/json' } }, token);
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
    events({ filter, ...rest }, signal) {
      return getJson<EventsPage>(`${root}/events${params(filter, rest)}`, signal);
    },
    explain({ filter, ...range }, signal) {
      return getJson<Explanation>(`${root}/explain${params(filter, range)}`, signal);
    },
    uiConfig(signal) {
      return getJson<UiConfig>(`${root}/ui-config`, signal);
    },
    timing({ trunk, ...range }, signal) {
      return getJson<TimingResponse>(`${root}/timing${params({ trunk }, range)}`, signal);
    },
    calls(query, signal) {
      return getJson<CallsPage>(`${root}/calls${params({}, query)}`, signal);
    },
    call(callId, signal) {
      return getJson<CallDetail>(`${root}/calls/${encodeURIComponent(callId)}`, signal);
    },
    async callPcapng(callId) {
      const url = `${root}/calls/${encodeURIComponent(callId)}/pcapng`;
      const res = await request(url, { headers: { accept: 'application/x-pcapng' } }, readToken('sign-in'));
      return res.blob();
    },
    ingestStats(signal) {
      return getJson<IngestStatsSnapshot>(`${root}/ingest/stats`, signal);
    },
    unparsed(query, signal) {
      return getJson<UnparsedSamples>(`${root}/ingest/unparsed${params({}, query)}`, signal);
    },
    cluster(signal) {
      return getJson<ClusterResponse>(`${root}/cluster`, signal);
    },
    session(token, signal) {
      return getJson<AuthSession>(`${root}/auth/session`, signal, token ?? readToken('sign-in'));
    },
  };
}
