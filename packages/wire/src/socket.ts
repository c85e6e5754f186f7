import type { CodeBreakdown, EventFilter, Kpis, LiveWindow, SeriesPoint, Summary } from './aggregates.js';
import type { AlertRemovedEvent, AlertStateEvent, AlertsSnapshot } from './alerts.js';
import type { StorageStatus } from './storage.js';

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
  /** The followed code over the window, when the subscription has `code`. */
  drilldown?: CodeBreakdown;
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
  outcomes: Summary['outcomes'];
  /** The followed code over the window, when the subscription has `code`. */
  drilldown?: CodeBreakdown;
  /**
   * Already-sent 1-second points (within the snapshot's 15 minutes) whose counts late events
   * changed since the previous tick, newest first, at most 120: replace the points with the same
   * `t`. Absent when nothing changed. A client that missed ticks re-reads the series or resubscribes.
   */
  revised?: SeriesPoint[];
}

export interface ServerToClientEvents {
  snapshot: (snapshot: Snapshot) => void;
  tick: (tick: Tick) => void;
  /** The last `subscribe` was refused (the previous subscription stays); `error` names the field. */
  'subscribe:invalid': (e: { error: string }) => void;
  /**
   * The last `subscribe` came too soon after the others (a few a second are allowed, with a short
   * burst) and was dropped: the previous subscription stays. Send it again after `retryInMs`.
   */
  'subscribe:limited': (e: { error: string; retryInMs: number }) => void;
  /** Every alert rule and its state: on connect, after changes in bulk, and every few seconds. */
  'alerts:snapshot': (snapshot: AlertsSnapshot) => void;
  /** One rule's state changed (transition, ack, silence, edit), sent to every dashboard at once. */
  'alert:state': (event: AlertStateEvent) => void;
  'alert:removed': (event: AlertRemovedEvent) => void;
  /** Whether the server is saving data: on connect and whenever it changes. */
  'storage:status': (status: StorageStatus) => void;
}

export interface ClientToServerEvents {
  subscribe: (subscription: Subscription) => void;
}
