/**
 * Splits a TCP syslog stream into messages. Framing is detected per frame (RFC 6587): a frame that
 * starts with `<digits> <` is octet-counted (`MSG-LEN SP SYSLOG-MSG`), anything else ends at LF
 * (CR before it and NULs around it are dropped). Frames may be split across reads or several may
 * arrive in one read.
 *
 * A frame longer than `maxMessageBytes` is reported as oversize and skipped without buffering it:
 * an octet-counted one by its announced length, an LF one up to its next LF. The stream then
 * continues with the next frame (resync), so one bad frame does not cost the connection.
 */
export interface FramerOutput {
    frames: Buffer[];
    /** Frames refused for their size. */
    oversize: number;
}
export declare class SyslogFramer {
    private readonly maxMessageBytes;
    private pending;
    /** Bytes of an oversize octet-counted frame still to discard. */
    private skipBytes;
    /** Discarding an oversize LF frame up to its LF. */
    private skipLine;
    constructor(maxMessageBytes: number);
    /** Bytes held while waiting for the rest of a frame (bounded by maxMessageBytes + a prefix). */
    get buffered(): number;
    push(chunk: Buffer): FramerOutput;
    /**
     * The peer closed: an unterminated LF frame is still a message (as rsyslog treats it); a cut
     * octet-counted frame is not and counts as truncated.
     */
    end(): {
        frame?: Buffer;
        truncated: boolean;
    };
}
