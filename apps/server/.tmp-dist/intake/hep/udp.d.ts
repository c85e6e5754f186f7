import type { Logger } from '../../logger.js';
export interface Listener {
    readonly port: number;
    close(): Promise<void>;
}
/** A large receive buffer absorbs bursts while the event loop is busy (the kernel may cap it). */
export declare const RECV_BUFFER_BYTES: number;
/** HEP over UDP: one datagram is one packet. */
export declare function startHepUdp(host: string, port: number, logger: Logger, handle: (packets: Buffer[], peer: string) => void): Promise<Listener>;
