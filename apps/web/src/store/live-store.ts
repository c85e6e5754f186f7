import { createStore } from 'zustand/vanilla';
import type { StoreApi } from 'zustand/vanilla';
import type {
  AlertRemovedEvent,
  SeriesPoint,
  AlertStateEvent,
  AlertsSnapshot,
  Snapshot,
  StorageStatus,
  Subscription,
  Tick,
} from '@sipwatch/wire';
import type { AlertsById } from './alerts';
import { fromAlertsSnapshot, withAlertState, withoutAlert } from './alerts';
import type { Connection, Freshness } from './freshness';
import { computeFreshness, sameFreshness } from './freshness';
import type { Caps, LiveData } from './live-data';
import { DEFAULT_CAPS, emptyLiveData, fromSnapshot, withPatch, withTick } from './live-data';
import { makeSubscription, subscriptionKey } from '@sipwatch/wire/subscription';

/**
 * The live state of the dashboard. Fed from the socket outside React (see socket-feed.ts); every
 * action takes the current time so tests drive time by hand. One `set` per tick: components that
 * select narrowly re-render at most once per tick.
 */
export interface LiveState {
  connection: Connection;
  connectedAt: number | null;
  disconnectedAt: number | null;
  /** Client time of the newest tick. */
  lastTickAt: number | null;
  /** Client time of the newest accepted snapshot. */
  lastSnapshotAt: number | null;
  /** Advanced by a clock timer; only freshness displays read it. */
  now: number;
  freshness: Freshness;
  /** What we asked the server for. */
  subscription: Subscription;
  /** True between asking for a subscription (or reconnecting) and receiving its snapshot. */
  awaitingSnapshot: boolean;
  live: LiveData;
  /** The data as it was when the user paused; views show it instead of `live` until resumed. */
  frozen: LiveData | null;
  /** Counts snapshots accepted, so a view can tell a fresh start from a continuation. */
  snapshots: number;
  ticks: number;
  /** Alert rules and their states; null until the server sends them. */
  alerts: AlertsById;
  /** Why the server refused the wanted subscription (it keeps the previous one); null when not. */
  refused: string | null;
  /** The server refused the connection itself (no token, a bad one, a limit); null when not. */
  handshakeRefusal: HandshakeRefusal | null;
  /** Whether the server is saving what it counts (`storage:status`); null until it says. */
  storage: StorageStatus | null;
  /**
   * Counts returns to live after stale or disconnected data: what the REST panels fetched while
   * the server could not be reached is fetched again at once (api/react.tsx useQuery).
   */
  recoveries: number;
}

export interface HandshakeRefusal {
  /** `unauthorized`, `forbidden-host`, `forbidden-origin`, or the server's limit message. */
  error: string;
  message: string;
  /** The server's variable that holds the tokens of the role it asked for. */
  variable?: string;
}

export interface LiveActions {
  connected(now: number): void;
  disconnected(now: number): void;
  snapshot(snapshot: Snapshot, now: number): void;
  tick(tick: Tick, now: number): void;
  /** Corrected 1-second points for the subscription named by `key` (see withPatch). */
  patch(key: string, points: readonly SeriesPoint[]): void;
  clock(now: number): void;
  /** Records the wanted subscription; returns true when it changed (the feed then sends it). */
  want(subscription: Subscription): boolean;
  /** The server refused the last subscription (`subscribe:invalid`). */
  subscriptionRefused(error: string): void;
  /** The handshake was refused (null: a new attempt begins). */
  handshakeRefused(refusal: HandshakeRefusal | null): void;
  pause(): void;
  resume(): void;
  alertsSnapshot(snapshot: AlertsSnapshot): void;
  alertState(event: AlertStateEvent): void;
  alertRemoved(event: AlertRemovedEvent): void;
  storageStatus(status: StorageStatus): void;
}

export type LiveStore = StoreApi<LiveState & LiveActions>;

export interface LiveStoreOptions {
  caps?: Caps;
  now?: number;
  subscription?: Subscription;
}

/** Client time of the newest data shown (a tick or a snapshot); null before any. */
export function lastDataAt(s: Pick<LiveState, 'lastTickAt' | 'lastSnapshotAt'>): number | null {
  return s.lastTickAt === null ? s.lastSnapshotAt : Math.max(s.lastTickAt, s.lastSnapshotAt ?? s.lastTickAt);
}

function freshnessOf(s: LiveState, now: number): Freshness {
  const next = computeFreshness({
    connection: s.connection,
    connectedAt: s.connectedAt,
    disconnectedAt: s.disconnectedAt,
    lastDataAt: lastDataAt(s),
    now,
  });
  return sameFreshness(next, s.freshness) ? s.freshness : next;
}

export function createLiveStore(options: LiveStoreOptions = {}): LiveStore {
  const caps = options.caps ?? DEFAULT_CAPS;
  const start = options.now ?? 0;
  return createStore<LiveState & LiveActions>()((set, get) => {
    /** Applies a partial update and recomputes freshness from the result. */
    const update = (patch: Partial<LiveState>, now: number): void => {
      const before = get();
      const next = { ...before, ...patch, now };
      const freshness = freshnessOf(next, now);
      const recovered =
        freshness.status === 'live' &&
        (before.freshness.status === 'stale' || before.freshness.status === 'disconnected');
      set({ ...patch, now, freshness, ...(recovered && { recoveries: before.recoveries + 1 }) });
    };
    return {
      connection: 'connecting',
      connectedAt: null,
      disconnectedAt: null,
      lastTickAt: null,
      lastSnapshotAt: null,
      now: start,
      freshness: { status: 'connecting', since: null },
      recoveries: 0,
      subscription: options.subscription ?? makeSubscription({}, '15m'),
      awaitingSnapshot: true,
      live: emptyLiveData(),
      frozen: null,
      snapshots: 0,
      ticks: 0,
      alerts: null,
      refused: null,
      handshakeRefusal: null,
      storage: null,

      connected(now) {
        update(
          {
            connection: 'connected',
            connectedAt: now,
            disconnectedAt: null,
            awaitingSnapshot: true,
            handshakeRefusal: null,
          },
          now,
        );
      },
      disconnected(now) {
        if (get().connection === 'disconnected') return;
        update({ connection: 'disconnected', disconnectedAt: now, awaitingSnapshot: true }, now);
      },
      snapshot(snapshot, now) {
        const s = get();
        // A snapshot for a subscription we have since replaced: the one we want is on its way.
        if (subscriptionKey(snapshot.subscription) !== subscriptionKey(s.subscription)) return;
        update(
          {
            live: fromSnapshot(snapshot, caps),
            awaitingSnapshot: false,
            lastSnapshotAt: now,
            snapshots: s.snapshots + 1,
            refused: null,
          },
          now,
        );
      },
      tick(tick, now) {
        const s = get();
        // Until its snapshot arrives, a tick may belong to the previous subscription.
        if (s.awaitingSnapshot) return;
        update({ live: withTick(s.live, tick, caps), lastTickAt: now, ticks: s.ticks + 1 }, now);
      },
      patch(key, points) {
        const s = get();
        if (s.awaitingSnapshot || key !== subscriptionKey(s.subscription)) return;
        const live = withPatch(s.live, points);
        if (live !== s.live) set({ live });
      },
      clock(now) {
        const s = get();
        const freshness = freshnessOf(s, now);
        // The age display needs `now`; selectors that ignore it do not re-render.
        set(freshness === s.freshness ? { now } : { now, freshness });
      },
      want(subscription) {
        const s = get();
        if (subscriptionKey(subscription) === subscriptionKey(s.subscription)) return false;
        set({ subscription, awaitingSnapshot: true, frozen: null, refused: null });
        return true;
      },
      subscriptionRefused(error) {
        set({ refused: error });
      },
      handshakeRefused(refusal) {
        set({ handshakeRefusal: refusal });
      },
      pause() {
        const s = get();
        if (!s.frozen) set({ frozen: s.live });
      },
      resume() {
        if (get().frozen) set({ frozen: null });
      },
      storageStatus(status) {
        set({ storage: status });
      },
      alertsSnapshot(snapshot) {
        set({ alerts: fromAlertsSnapshot(snapshot) });
      },
      alertState(event) {
        set({ alerts: withAlertState(get().alerts, event) });
      },
      alertRemoved(event) {
        const alerts = withoutAlert(get().alerts, event);
        if (alerts !== get().alerts) set({ alerts });
      },
    };
  });
}

/** The data the views draw: the frozen copy while paused, else the live one. */
export function selectView(s: LiveState): LiveData {
  return s.frozen ?? s.live;
}
