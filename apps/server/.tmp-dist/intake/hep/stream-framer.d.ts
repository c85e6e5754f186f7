export type FramerResult = {
    packets: Buffer[];
    error?: undefined;
} | {
    packets: Buffer[];
    error: string;
};
/**
 * Cuts a TCP byte stream into HEP v3 packets by the length field at bytes 4..5 (heplify-server does
 * the same: peek 6, read the length, read the whole packet), also when a packet spans several reads.
 * Pure: feed it reads, get whole packets back. After an error the stream is out of step and the
 * caller should drop the connection; packets cut before the error are still returned.
 */
export declare class HepStreamFramer {
    private readonly maxPacketBytes;
    /** Bytes of an unfinished packet, kept as the reads that brought them (no copy per read). */
    private parts;
    private partsLength;
    /** How many bytes `parts` must reach before it is worth joining them. */
    private needed;
    constructor(maxPacketBytes?: number);
    /** Bytes held while waiting for the rest of a packet. */
    get buffered(): number;
    push(chunk: Buffer): FramerResult;
    private broken;
}
