export interface TrunkRange {
    name: string;
    cidrs: readonly string[];
}
/** Looks up the trunk an address belongs to; the most specific block wins (longest prefix). */
export interface TrunkMap {
    lookup(ip: string | undefined): string | undefined;
}
/** Throws ConfigError naming the entry when an address or block is invalid. */
export declare function compileTrunkMap(ranges: readonly TrunkRange[], origin?: string): TrunkMap;
/** IPv4, IPv6 (with zone or brackets stripped); IPv4-mapped IPv6 addresses count as IPv4. */
export declare function parseAddress(text: string): {
    value: bigint;
    v6: boolean;
    mapped?: boolean;
} | undefined;
