import type { DemoEvent } from './plan.js';
/** Sends demo events into a sipwatch server the way real equipment would. */
export interface DemoTransport {
    readonly name: string;
    send(events: readonly DemoEvent[]): Promise<SendResult>;
    close(): Promise<void>;
}
export interface SendResult {
    sent: number;
    /** Accepted by the server, when it says (HTTP). */
    accepted?: number;
    error?: string;
}
/** The JSON a webhook client would post (POST /api/v1/events). */
export declare function toJson(e: DemoEvent): Record<string, unknown>;
/** An RFC 5424 line as a Kamailio xlog route would log it, from the gateway as syslog host. */
export declare function toSyslogLine(e: DemoEvent): string;
export declare function httpTransport(target: string, token?: string): DemoTransport;
export declare function syslogUdpTransport(host: string, port: number): DemoTransport;
