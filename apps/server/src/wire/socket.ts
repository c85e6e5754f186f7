import type { EventFilter, Kpis, LiveWindow, SeriesPoint, Summary } from './aggregates.js';

export interface Subscription {
  filter: EventFilter;
  window: LiveWindow;
  /** Follow one code's drill-down as well. */
  code?: number;
}

/** Sent on connect, on every (re)subscribe and after every reconnect, so no gap shows. */
export interface Snapshot {
  serverTime: number;
  subscription: Subscription;
  summary: Summary;
  /** The last 15 minutes at 1-second resolution, oldest first. */
  series: SeriesPoint[];
}

/** One per second per subscribed filter, volatile. */
export interface Tick {
  serverTime: number;
  /** The newest closed 1-second bucket. */
  point: SeriesPoint;
  /** KPIs and counts over the subscribed live window, ending at `point`. */
  kpis: Kpis;
  byClass: Summary['byClass'];
  byCode: Summary['byCode'];
}

export interface ServerToClientEvents {
  snapshot: (snapshot: Snapshot) => void;
  tick: (tick: Tick) => void;
}

export interface ClientToServerEvents {
  subscribe: (subscription: Subscription) => void;
}
