/**
 * Builds HEP v3 packets the way capture agents do (tests, the benchmark, traffic generators).
 * Pure; not used on the receiving path.
 */
export interface HepPacketSpec {
    srcIp?: string;
    dstIp?: string;
    srcPort?: number;
    dstPort?: number;
    /** ms since the epoch; split into the seconds and microseconds chunks. */
    tsMs?: number;
    /** 17 = UDP by default. */
    ipProtocol?: number;
    /** 1 = SIP by default. */
    protoType?: number;
    captureId?: number;
    authKey?: string;
    nodeName?: string;
    correlationId?: string;
    payload: string | Buffer;
}
type Chunk = [type: number, body: Buffer];
export declare function encodeHep(spec: HepPacketSpec): Buffer;
/** Header plus chunks (vendor 0); exposed so tests can build odd packets. */
export declare function assembleHep(chunks: readonly Chunk[], vendor?: number): Buffer;
export {};
