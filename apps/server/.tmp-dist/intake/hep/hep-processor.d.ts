import type { CallTimings } from '../../core/call-timing.js';
import type { CallTracker } from '../../core/call-tracker.js';
import type { SourceMeta } from '../normalise.js';
import type { HepResponseFields } from './hep-event.js';
import type { HepPacket } from './decoder.js';
/**
 * Reads HEP packets. SIP responses become event fields (made into events by the intake's own rules,
 * so trunk mapping, masking and truncation are as for every channel); SIP requests and responses
 * feed the per-call tracker and timings; log lines go to the syslog extractor chain. No sockets
 * here: the listeners hand it the packets of one datagram or one TCP read.
 */
/** Where the processor puts what it read (an IntakeBatch plus the log-line reader, in the shell). */
export interface HepOutput {
    response(fields: HepResponseFields, meta: SourceMeta): void;
    /** A log line (HEP type 100) for the syslog extractors; `host` is the capture agent. */
    logLine(text: string, host: string, receivedAt: number): void;
    reject(host: string, reason: string): void;
    unparsed(host: string, line: string): void;
}
export interface HepProcessorDeps {
    /** When set, every packet must carry this key in chunk 0x000e. */
    authKey?: string;
    tracker: CallTracker;
    timings: CallTimings;
    /** The trunk of a packet's addresses (the intake's table), for call timing per trunk. */
    trunkOf(srcIp: string | undefined, dstIp: string | undefined): string | undefined;
    /** `raw` is left out when this is 0; otherwise the event rules cut it to this many bytes. */
    rawMaxBytes: number;
}
export interface HepTally {
    /** Responses dropped as retransmissions of one already counted. */
    retransmissions: number;
    /** Packets of other protocols (RTCP, DNS, ...), ignored. */
    ignored: number;
}
export declare const HEP_SIP_FORMAT = "hep3-sip";
export declare class HepProcessor {
    private readonly deps;
    private readonly authKey;
    constructor(deps: HepProcessorDeps);
    /** The packets of one datagram or one TCP read; `peer` is the sender's address. */
    process(packets: readonly Buffer[], peer: string, receivedAt: number, out: HepOutput): HepTally;
    private authorised;
    private sip;
    private log;
}
/** The capture agent's name, else its id, else the address the packet came from. */
export declare function sourceHost(packet: HepPacket, peer: string): string;
