import type { Socket } from 'socket.io';
import type { SipwatchIo } from '../app.js';
import type { QueryService } from '../api/queries.js';
import { SNAPSHOT_SECONDS } from '../api/queries.js';
import type { TimedTable } from '../core/aggregator.js';
import type { Logger } from '../logger.js';
import type { ClientToServerEvents, ServerToClientEvents, Subscription } from '../wire/socket.js';
import { revisedPoints } from './revisions.js';
import { DEFAULT_SUBSCRIPTION, parseSubscription, subscriptionKey } from './subscription.js';

type LiveSocket = Socket<ClientToServerEvents, ServerToClientEvents>;

interface Room {
  name: string;
  subscription: Subscription;
}

/**
 * The Socket.IO side of the live numbers. Clients with the same subscription share a room; each
 * tick computes one message per room and sends it volatile, so a slow client drops ticks instead of
 * queueing them. A (re)connect or a new subscription gets a full snapshot first. Late events for
 * seconds already sent ride along as `revised` points, in the next tick of the rooms they concern.
 */
export class LiveStream {
  private readonly rooms = new Map<string, Room>();
  ticksSent = 0;

  constructor(
    private readonly io: SipwatchIo,
    private readonly queries: QueryService,
    private readonly logger: Logger,
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
        this.io.to(name).volatile.emit('tick', tick);
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
    this.subscribe(socket, fromHandshake.ok ? fromHandshake.value : DEFAULT_SUBSCRIPTION);
    socket.on('subscribe', (input) => {
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
      socket.emit('snapshot', this.queries.snapshot(subscription));
    } catch (err) {
      this.logger.error({ err }, 'computing a snapshot failed');
    }
  }
}
