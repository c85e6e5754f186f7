import type { Config } from '../../config.js';
import type { Listener } from './udp.js';
/**
 * HEP over TCP: a stream of concatenated packets, cut by their length field. Each connection holds at
 * most one unfinished packet (≤ maxPacketBytes); a stream that is not HEP, a packet over the limit
 * or a silent connection is dropped; past maxConnections new connections are refused. A hostile or
 * stuck client thus costs bounded memory and never holds up the others.
 */
export declare function startHepTcp(host: string, port: number, limits: Pick<Config['hep'], 'maxPacketBytes' | 'maxConnections' | 'idleTimeoutMs'>, on: {
    handle(packets: Buffer[], peer: string): void;
    reject(peer: string, reason: string): void;
}): Promise<Listener>;
