import type { ServerContext } from '../../context.js';
import type { Intake } from '../intake.js';
export interface SyslogPorts {
    syslogUdp?: number;
    syslogTcp?: number;
}
export interface SyslogServer {
    /** Binds the enabled listeners (config.syslog.port on config.host; 0 picks free ports). */
    listen(): Promise<SyslogPorts>;
    /** Stops listening, drops open connections and hands pending events to the sink. Idempotent. */
    close(): Promise<void>;
}
/**
 * Syslog over UDP (one message per datagram) and TCP (RFC 6587 framing, see framing.ts), feeding the
 * extractor chain. Compiles the user extractors at once: an invalid one throws ConfigError.
 */
export declare function createSyslogServer(ctx: ServerContext, intake: Intake): SyslogServer;
