/** Dotted quad from four octets at `at`. */
export declare function formatIpv4(buf: Uint8Array, at: number): string;
/**
 * RFC 5952 text form of sixteen octets at `at`: lower-case hex, the longest run of two or more zero
 * groups as "::", and IPv4-mapped addresses as ::ffff:a.b.c.d (the form Node gives dual-stack peers).
 */
export declare function formatIpv6(buf: Uint8Array, at: number): string;
