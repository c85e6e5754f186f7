import type { SipwatchIo } from '../app.js';
import type { QueryService } from '../api/queries.js';
import type { Logger } from '../logger.js';
/**
 * The Socket.IO side of the live numbers. Clients with the same subscription share a room; each
 * tick computes one message per room and sends it volatile, so a slow client drops ticks instead of
 * queueing them. A (re)connect or a new subscription gets a full snapshot first.
 */
export declare class LiveStream {
    private readonly io;
    private readonly queries;
    private readonly logger;
    private readonly rooms;
    ticksSent: number;
    constructor(io: SipwatchIo, queries: QueryService, logger: Logger);
    /** Rooms with at least one client. */
    get roomCount(): number;
    /** One tick for every room, for the newest closed second. */
    tick(closedSecond: number): void;
    private onConnection;
    private subscribe;
}
