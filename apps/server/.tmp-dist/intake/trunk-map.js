import { isIPv4, isIPv6 } from 'node:net';
import { ConfigError } from '../config.js';
const CACHE_LIMIT = 10_000;
/** Throws ConfigError naming the entry when an address or block is invalid. */
export function compileTrunkMap(ranges, origin = 'ingest.trunks') {
    const v4 = { bits: 32, byPrefix: new Map(), prefixes: [] };
    const v6 = { bits: 128, byPrefix: new Map(), prefixes: [] };
    ranges.forEach((range, i) => {
        for (const cidr of range.cidrs) {
            const parsed = parseCidr(cidr);
            if (!parsed)
                throw new ConfigError(`${origin}.${i}.cidrs (${range.name}): not an IP address or CIDR block: ${JSON.stringify(cidr)}`);
            const family = parsed.v6 ? v6 : v4;
            let table = family.byPrefix.get(parsed.prefix);
            if (!table) {
                table = new Map();
                family.byPrefix.set(parsed.prefix, table);
            }
            const network = maskAddress(parsed.value, parsed.prefix, family.bits);
            // The first entry for a block wins, in configuration order.
            if (!table.has(network))
                table.set(network, range.name);
        }
    });
    for (const f of [v4, v6])
        f.prefixes = [...f.byPrefix.keys()].sort((a, b) => b - a);
    const empty = v4.prefixes.length === 0 && v6.prefixes.length === 0;
    const cache = new Map();
    function find(ip) {
        const addr = parseAddress(ip);
        if (!addr)
            return undefined;
        const family = addr.v6 ? v6 : v4;
        for (const prefix of family.prefixes) {
            const name = family.byPrefix.get(prefix).get(maskAddress(addr.value, prefix, family.bits));
            if (name !== undefined)
                return name;
        }
        return undefined;
    }
    return {
        lookup(ip) {
            if (empty || !ip)
                return undefined;
            const hit = cache.get(ip);
            if (hit !== undefined)
                return hit ?? undefined;
            const name = find(ip);
            if (cache.size >= CACHE_LIMIT)
                cache.clear();
            cache.set(ip, name ?? null);
            return name;
        },
    };
}
function maskAddress(value, prefix, bits) {
    if (prefix === 0)
        return 0n;
    const hostBits = BigInt(bits - prefix);
    return (value >> hostBits) << hostBits;
}
function parseCidr(text) {
    const slash = text.indexOf('/');
    const addrText = (slash >= 0 ? text.slice(0, slash) : text).trim();
    const addr = parseAddress(addrText);
    if (!addr)
        return undefined;
    const bits = addr.v6 ? 128 : 32;
    if (slash < 0)
        return { ...addr, prefix: bits };
    const prefixText = text.slice(slash + 1).trim();
    if (!/^\d{1,3}$/.test(prefixText))
        return undefined;
    let prefix = Number(prefixText);
    // An IPv4 block written as IPv4-mapped IPv6 (::ffff:10.0.0.0/104) is an IPv4 block.
    if (addr.mapped)
        prefix -= 96;
    if (prefix < 0 || prefix > bits)
        return undefined;
    return { ...addr, prefix };
}
/** IPv4, IPv6 (with zone or brackets stripped); IPv4-mapped IPv6 addresses count as IPv4. */
export function parseAddress(text) {
    let ip = text;
    if (ip.startsWith('[') && ip.endsWith(']'))
        ip = ip.slice(1, -1);
    const zone = ip.indexOf('%');
    if (zone >= 0)
        ip = ip.slice(0, zone);
    if (isIPv4(ip))
        return { value: ipv4Value(ip), v6: false };
    if (!isIPv6(ip))
        return undefined;
    const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip);
    if (mapped)
        return { value: ipv4Value(mapped[1]), v6: false, mapped: true };
    return { value: ipv6Value(ip), v6: true };
}
function ipv4Value(ip) {
    let value = 0n;
    for (const part of ip.split('.'))
        value = (value << 8n) | BigInt(Number(part));
    return value;
}
function ipv6Value(ip) {
    let text = ip;
    // A trailing dotted quad (::1.2.3.4, 64:ff9b::1.2.3.4) stands for the last two groups.
    const quad = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
    if (quad) {
        const v = ipv4Value(quad[1]);
        text = `${text.slice(0, quad.index)}${(v >> 16n).toString(16)}:${(v & 0xffffn).toString(16)}`;
    }
    const [head = '', tail] = text.split('::');
    const headGroups = head ? head.split(':') : [];
    const tailGroups = tail ? tail.split(':') : [];
    const missing = 8 - headGroups.length - tailGroups.length;
    const groups = [...headGroups, ...Array(tail === undefined ? 0 : missing).fill('0'), ...tailGroups];
    let value = 0n;
    for (const g of groups)
        value = (value << 16n) | BigInt(parseInt(g, 16));
    return value;
}
//# sourceMappingURL=trunk-map.js.map