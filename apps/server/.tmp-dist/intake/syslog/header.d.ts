/**
 * Syslog headers as equipment sends them: RFC 5424, RFC 3164 (BSD, also with an RFC 3339 timestamp
 * as rsyslog writes it), the header-less `<PRI>message` form of SBCs, and bare lines. Never throws.
 */
export declare const SYSLOG_FORMATS: readonly ["rfc5424", "rfc3164", "pri", "none"];
export type SyslogFormat = (typeof SYSLOG_FORMATS)[number];
export interface SyslogMessage {
    format: SyslogFormat;
    /** Facility × 8 + severity, when a `<PRI>` led the message. */
    pri?: number;
    /** Only from timestamps that carry a zone (RFC 5424, RFC 3339); BSD times have neither year nor zone. */
    ts?: number;
    hostname?: string;
    appName?: string;
    procId?: string;
    msgId?: string;
    /** The free text after the header, with rsyslog's `#012`-style control escapes undone. */
    message: string;
}
export declare function parseSyslog(input: string): SyslogMessage;
/** rsyslog writes control characters as `#ooo` (octal): `#012` is a line feed inside the message. */
export declare function unescapeControls(s: string): string;
