/**
 * HEP v3 (EEP) decoder: bytes in, a plain record out, no I/O. The bounds logic follows heplify-server's
 * `decoder/hep.go`: the header length must equal the packet's length, every chunk must hold at least its
 * own 6-byte header and stay inside the packet, fixed-size chunks must have their exact size. Unknown
 * chunk types and vendor-specific chunks are skipped by their length.
 */
/** Generic chunk types (vendor 0x0000) this decoder reads. */
export declare const HEP_CHUNK: {
    readonly ipFamily: 1;
    readonly ipProtocol: 2;
    readonly srcIp4: 3;
    readonly dstIp4: 4;
    readonly srcIp6: 5;
    readonly dstIp6: 6;
    readonly srcPort: 7;
    readonly dstPort: 8;
    readonly timeSec: 9;
    readonly timeUsec: 10;
    readonly protoType: 11;
    readonly captureId: 12;
    readonly keepAlive: 13;
    readonly authKey: 14;
    readonly payload: 15;
    readonly compressedPayload: 16;
    readonly correlationId: 17;
    readonly vlanId: 18;
    readonly nodeName: 19;
};
/** Protocol types (chunk 0x000b) sipwatch understands. 100 is heplify's "log" type. */
export declare const HEP_PROTO: {
    readonly sip: 1;
    readonly log: 100;
};
export declare const HEP_HEADER_BYTES = 6;
export declare const HEP_MAX_PACKET_BYTES = 65535;
/** Decompressed payloads larger than this are refused (a zip bomb must not cost memory). */
export declare const HEP_MAX_PAYLOAD_BYTES: number;
export interface HepPacket {
    /** 2 = IPv4, 10 = IPv6. */
    ipFamily?: number;
    /** 17 = UDP, 6 = TCP, 132 = SCTP. */
    ipProtocol?: number;
    srcIp?: string;
    dstIp?: string;
    srcPort?: number;
    dstPort?: number;
    timeSec?: number;
    timeUsec?: number;
    /** 1 = SIP, 100 = log line, ... */
    protoType?: number;
    captureId?: number;
    authKey?: string;
    /** The captured message; a view into the packet (or the inflated copy of a compressed one). */
    payload?: Buffer;
    correlationId?: string;
    nodeName?: string;
    vlanId?: number;
}
export type HepDecodeResult = {
    ok: true;
    packet: HepPacket;
} | {
    ok: false;
    error: string;
};
/** True when the first four octets are "HEP3" or "EEP3". */
export declare function hasHepMagic(buf: Uint8Array, offset?: number): boolean;
/** Decodes one whole HEP v3 packet (one UDP datagram, or one frame cut from a TCP stream). */
export declare function decodeHep(input: Uint8Array): HepDecodeResult;
/** Event time in ms: the chunks' time, or the receive time when the agent sent zero or nothing. */
export declare function hepTimestampMs(packet: HepPacket, receivedAt: number): number;
