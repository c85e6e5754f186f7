import { DEFAULT_SUBSCRIPTION, parseSubscription, subscriptionKey } from './subscription.js';
/**
 * The Socket.IO side of the live numbers. Clients with the same subscription share a room; each
 * tick computes one message per room and sends it volatile, so a slow client drops ticks instead of
 * queueing them. A (re)connect or a new subscription gets a full snapshot first.
 */
export class LiveStream {
    io;
    queries;
    logger;
    rooms = new Map();
    ticksSent = 0;
    constructor(io, queries, logger) {
        this.io = io;
        this.queries = queries;
        this.logger = logger;
        io.on('connection', (socket) => this.onConnection(socket));
    }
    /** Rooms with at least one client. */
    get roomCount() {
        return this.rooms.size;
    }
    /** One tick for every room, for the newest closed second. */
    tick(closedSecond) {
        const adapterRooms = this.io.sockets.adapter.rooms;
        for (const [name, room] of this.rooms) {
            if (!adapterRooms.get(name)?.size) {
                this.rooms.delete(name);
                continue;
            }
            try {
                const tick = this.queries.tick(room.subscription, closedSecond);
                this.io.to(name).volatile.emit('tick', tick);
                this.ticksSent++;
            }
            catch (err) {
                this.logger.error({ err, room: name }, 'computing a tick failed');
            }
        }
    }
    onConnection(socket) {
        // A client may name its subscription in the handshake and skip the default snapshot.
        const fromHandshake = parseSubscription(socket.handshake.auth?.subscription);
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
    subscribe(socket, subscription) {
        const name = `live:${subscriptionKey(subscription)}`;
        const previous = socket.data.liveRoom;
        if (previous && previous !== name)
            void socket.leave(previous);
        void socket.join(name);
        socket.data.liveRoom = name;
        if (!this.rooms.has(name))
            this.rooms.set(name, { name, subscription });
        try {
            socket.emit('snapshot', this.queries.snapshot(subscription));
        }
        catch (err) {
            this.logger.error({ err }, 'computing a snapshot failed');
        }
    }
}
//# sourceMappingURL=live-stream.js.map