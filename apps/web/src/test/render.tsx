import { render } from '@testing-library/react';
import type { RenderResult } from '@testing-library/react';
import { MemoryRouter, useLocation } from 'react-router-dom';
import type { Subscription } from '@sipwatch/wire';
import type {
  ApiClient,
  AuthSession,
  CodeQuery,
  EventsQuery,
  SeriesQuery,
  SummaryQuery,
  TimingQuery,
} from '../api/client';
import { ApiProvider } from '../api/react';
import { App } from '../app/App';
import type { LiveStore } from '../store/live-store';
import { createLiveStore } from '../store/live-store';
import { LiveProvider } from '../store/react';
import type { Feed } from '../store/socket-feed';
import { codeDetail, explanation, summary as makeSummary, timingResponse } from '@sipwatch/testing';
import type { CodeDetail, EventsPage, Explanation, Summary, TimingRow, UiConfig } from '@sipwatch/wire';

const viewerSession: AuthSession = {
  name: 'viewer',
  token: 'valid',
  grants: { ingest: null, viewer: 'token', admin: null },
  modes: { ingest: 'token', viewer: 'token', admin: 'token' },
  viewerRefusal: null,
};

/** A REST API answering from fixtures and recording what the views asked for. */
export function fixtureApi(
  data: {
    summary?: Summary;
    code?: Partial<CodeDetail>;
    explanation?: Explanation;
    ui?: UiConfig;
    /** Timing rows per trunk; the answer keeps those of the asked trunk, as the server does. */
    timing?: TimingRow[];
    /** Older sample pages: the answer to each GET /events. */
    events?: (q: EventsQuery) => EventsPage;
    /** Signed in with a viewer token unless given. */
    session?: AuthSession;
  } = {},
) {
  const calls = {
    summary: [] as SummaryQuery[],
    series: [] as SeriesQuery[],
    code: [] as CodeQuery[],
    timing: [] as TimingQuery[],
    events: [] as EventsQuery[],
  };
  const api: ApiClient = {
    summary(q) {
      calls.summary.push(q);
      return Promise.resolve(data.summary ?? makeSummary());
    },
    series(q) {
      calls.series.push(q);
      return Promise.resolve({
        from: q.from,
        to: q.to,
        stepMs: q.stepMs,
        group: 'class',
        filter: q.filter,
        points: [],
        gaps: [],
      });
    },
    code(q) {
      calls.code.push(q);
      return Promise.resolve(codeDetail(q.code, data.code));
    },
    events(q) {
      calls.events.push(q);
      return Promise.resolve(data.events ? data.events(q) : { events: [], nextCursor: null });
    },
    explain() {
      return Promise.resolve(data.explanation ?? explanation());
    },
    uiConfig() {
      return Promise.resolve(data.ui ?? { callIdUrlTemplate: null });
    },
    timing(q) {
      calls.timing.push(q);
      return Promise.resolve(timingResponse(data.timing ?? [], q.trunk));
    },
    calls() {
      return Promise.resolve({ calls: [], nextCursor: null });
    },
    call() {
      return Promise.reject(new Error('no kept calls in this fixture'));
    },
    callPcapng() {
      return Promise.reject(new Error('no kept calls in this fixture'));
    },
    ingestStats() {
      return Promise.reject(new Error('no intake stats in this fixture'));
    },
    unparsed() {
      return Promise.resolve({ samples: [] });
    },
    cluster() {
      return Promise.resolve({ enabled: false, boots: [], alertLeader: null });
    },
    session() {
      return Promise.resolve(data.session ?? viewerSession);
    },
  };
  return { api, calls };
}

/** A feed that records subscriptions and hands them to the store, as the socket feed does. */
export function recordingFeed(store: LiveStore) {
  const subscriptions: Subscription[] = [];
  const feed: Feed = {
    subscribe(sub) {
      if (store.getState().want(sub)) subscriptions.push(sub);
    },
    reconnect() {},
    stop() {},
  };
  return { feed, subscriptions };
}

function LocationProbe() {
  const location = useLocation();
  return <output data-testid="location">{location.pathname + location.search}</output>;
}

export function renderApp(
  path: string,
  options: { store?: LiveStore; api?: ApiClient; feed?: Feed } = {},
): RenderResult & { store: LiveStore } {
  const store = options.store ?? createLiveStore({ now: 0 });
  const api = options.api ?? fixtureApi().api;
  const utils = render(
    <LiveProvider store={store} feed={options.feed}>
      <ApiProvider api={api}>
        <MemoryRouter initialEntries={[path]}>
          <App />
          <LocationProbe />
        </MemoryRouter>
      </ApiProvider>
    </LiveProvider>,
  );
  return { ...utils, store };
}
