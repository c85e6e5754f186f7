/** Dotted quad from four octets at `at`. */
export function formatIpv4(buf, at) {
    return `${buf[at]}.${buf[at + 1]}.${buf[at + 2]}.${buf[at + 3]}`;
}
/**
 * RFC 5952 text form of sixteen octets at `at`: lower-case hex, the longest run of two or more zero
 * groups as "::", and IPv4-mapped addresses as ::ffff:a.b.c.d (the form Node gives dual-stack peers).
 */
export function formatIpv6(buf, at) {
    const groups = [];
    for (let i = 0; i < 8; i++)
        groups.push(((buf[at + 2 * i] ?? 0) << 8) | (buf[at + 2 * i + 1] ?? 0));
    if (groups.slice(0, 5).every((g) => g === 0) && groups[5] === 0xffff)
        return `::ffff:${formatIpv4(buf, at + 12)}`;
    let bestStart = -1;
    let bestLen = 1;
    for (let i = 0; i < 8;) {
        if (groups[i] !== 0) {
            i++;
            continue;
        }
        let j = i;
        while (j < 8 && groups[j] === 0)
            j++;
        if (j - i > bestLen) {
            bestStart = i;
            bestLen = j - i;
        }
        i = j;
    }
    const text = (g) => g.map((x) => x.toString(16)).join(':');
    if (bestStart === -1)
        return text(groups);
    return `${text(groups.slice(0, bestStart))}::${text(groups.slice(bestStart + bestLen))}`;
}
//# sourceMappingURL=ip-format.js.map