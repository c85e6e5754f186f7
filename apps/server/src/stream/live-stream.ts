import type { Socket } from 'socket.io';
import type { SipwatchIo } from './connection-limits.js';
import type { QueryService } from '../api/queries.js';
import { SNAPSHOT_SECONDS } from '../api/queries.js';
import type { Clock } from '../clock.js';
import type { TimedTable } from '../core/aggregator.js';
import type { Logger } from '../logger.js';
import type { ClientToServerEvents, ServerToClientEvents, Snapshot, Subscription } from '@sipwatch/wire';
import { revisedPoints } from './revisions.js';
import { DEFAULT_SUBSCRIPTION, subscriptionKey } from '@sipwatch/wire';
import { parseSubscription } from './subscription.js';
import { TokenBucket } from './token-bucket.js';

type LiveSocket = Socket<ClientToServerEvents, ServerToClientEvents>;

interface Room {
  name: string;
  subscription: Subscription;
}

export interface LiveStreamOptions {
  clock: Clock;
  /** `subscribe` messages a socket may send a second; a burst of twice this is allowed. */
  subscribesPerSecond: number;
}

/** Snapshots kept for the current second at most; past that they are computed per socket. */
const MAX_SHARED_SNAPSHOTS = 1000;

/**
 * The Socket.IO side of the live numbers. Clients with the same subscription share a room; each
 * tick computes one message per room and sends it volatile, so a slow client drops ticks instead of
 * queueing them. A (re)connect or a new subscription gets a full snapshot first. Late events for
 * seconds already sent ride along as `revised` points, in the next tick of the rooms they concern.
 * Snapshots are shared too: one per distinct subscription per closed second. Each socket's
 * `subscribe` messages are rate-limited before any parsing or query work.
 */
export class LiveStream {
  private readonly rooms = new Map<string, Room>();
  /** Snapshots of the newest closed second (`snapshotsEnd`), by room name. */
  private snapshots = new Map<string, Snapshot>();
  private snapshotsEnd = -1;
  ticksSent = 0;
  /** Snapshots computed (each shared by every socket asking within the same second). */
  snapshotsComputed = 0;

  constructor(
    private readonly io: SipwatchIo,
    private readonly queries: QueryService,
    private readonly logger: Logger,
    private readonly options: LiveStreamOptions,
  ) {
    io.on('connection', (socket) => this.onConnection(socket));
  }

  /** Rooms with at least one client. */
  get roomCount(): number {
    return this.rooms.size;
  }

  /** One tick for every room, for the newest closed second, with the late changes to earlier ones. */
  tick(closedSecond: number, revised: readonly TimedTable[] = []): void {
    const adapterRooms = this.io.sockets.adapter.rooms;
    for (const [name, room] of this.rooms) {
      if (!adapterRooms.get(name)?.size) {
        this.rooms.delete(name);
        continue;
      }
      try {
        const tick = this.queries.tick(room.subscription, closedSecond);
        if (revised.length > 0) {
          const points = revisedPoints(
            revised,
            closedSecond,
            SNAPSHOT_SECONDS,
            room.subscription.filter,
            this.queries,
          );
          if (points.length > 0) tick.revised = points;
        }
        // Each node ticks its own sockets (a cluster's adapter would send this to every node's).
        this.io.local.to(name).volatile.emit('tick', tick);
        this.ticksSent++;
      } catch (err) {
        this.logger.error({ err, room: name }, 'computing a tick failed');
      }
    }
  }

  private onConnection(socket: LiveSocket): void {
    // A client may name its subscription in the handshake and skip the default snapshot.
    const fromHandshake = parseSubscription(
      (socket.handshake.auth as { subscription?: unknown })?.subscription,
    );
    const { clock, subscribesPerSecond } = this.options;
    const bucket = new TokenBucket(subscribesPerSecond, 2 * subscribesPerSecond, clock.now());
    // The one on connect counts too: a client reconnecting in a loop is one subscribing in a loop.
    bucket.take(clock.now());
    this.subscribe(socket, fromHandshake.ok ? fromHandshake.value : DEFAULT_SUBSCRIPTION);
    socket.on('subscribe', (input) => {
      const now = clock.now();
      if (!bucket.take(now)) {
        socket.emit('subscribe:limited', {
          error: `too many subscribes: at most ${subscribesPerSecond} a second`,
          retryInMs: bucket.waitMs(now),
        });
        return;
      }
      const parsed = parseSubscription(input);
      if (!parsed.ok) {
        socket.emit('subscribe:invalid', { error: parsed.error });
        return;
      }
      this.subscribe(socket, parsed.value);
    });
  }

  private subscribe(socket: LiveSocket, subscription: Subscription): void {
    const name = `live:${subscriptionKey(subscription)}`;
    const previous = socket.data.liveRoom as string | undefined;
    if (previous && previous !== name) void socket.leave(previous);
    void socket.join(name);
    socket.data.liveRoom = name;
    if (!this.rooms.has(name)) this.rooms.set(name, { name, subscription });
    try {
      socket.emit('snapshot', this.snapshotOf(name, subscription));
    } catch (err) {
      this.logger.error({ err }, 'computing a snapshot failed');
    }
  }

  /**
   * The snapshot of a room as of the newest closed second, computed once for every socket asking
   * within that second. Late events arriving meanwhile reach those sockets as the next tick's
   * `revised` points, as they would had each got its own.
   */
  private snapshotOf(name: string, subscription: Subscription): Snapshot {
    const end = this.queries.liveEnd();
    if (end !== this.snapshotsEnd) {
      this.snapshots = new Map();
      this.snapshotsEnd = end;
    }
    let snapshot = this.snapshots.get(name);
    if (!snapshot) {
      snapshot = this.queries.snapshot(subscription);
      this.snapshotsComputed++;
      if (this.snapshots.size < MAX_SHARED_SNAPSHOTS) this.snapshots.set(name, snapshot);
    }
    return snapshot;
  }
}
