import { isIP } from 'node:net';
import ipaddr from 'ipaddr.js';

/**
 * Where notifications may go. Alert targets are URLs an admin types in, and sipwatch usually runs
 * inside the network it watches, so without a policy a target could reach the host's own services,
 * the private network or a cloud metadata endpoint. Only global unicast addresses are allowed,
 * besides what `alerts.allowTargets` names: CIDRs (or single addresses) and host names.
 *
 * Pure: the notifier applies it to every address it connects to, after DNS (see notifier.ts).
 */

export type RefusedRange =
  | 'loopback'
  | 'link-local'
  | 'private'
  | 'CGNAT'
  | 'unspecified'
  | 'multicast'
  | 'broadcast'
  | 'reserved'
  | 'cloud metadata';

/** Instance metadata and credential endpoints: AWS (IPv4, IPv6, ECS, EKS), GCP, Azure, Alibaba, Oracle. */
const METADATA_ADDRESSES = new Set(
  [
    '169.254.169.254',
    '169.254.170.2',
    '169.254.170.23',
    'fd00:ec2::254',
    'fd00:ec2::23',
    '100.100.100.200',
    '192.0.0.192',
  ].map((a) => ipaddr.parse(a).toNormalizedString()),
);

const IPV4_RANGES: Partial<Record<string, RefusedRange>> = {
  unspecified: 'unspecified',
  broadcast: 'broadcast',
  multicast: 'multicast',
  linkLocal: 'link-local',
  loopback: 'loopback',
  carrierGradeNat: 'CGNAT',
  private: 'private',
};

const IPV6_RANGES: Partial<Record<string, RefusedRange>> = {
  unspecified: 'unspecified',
  linkLocal: 'link-local',
  multicast: 'multicast',
  loopback: 'loopback',
  uniqueLocal: 'private',
  deprecatedSiteLocal: 'private',
};

const GLOBAL_UNICAST_V6 = ipaddr.parseCIDR('2000::/3');

type Address = ipaddr.IPv4 | ipaddr.IPv6;
type Cidr = [Address, number];

/** IPv4-mapped IPv6 (::ffff:127.0.0.1) is the IPv4 address it carries. */
function parseAddress(address: string): Address | undefined {
  const bare = address.startsWith('[') && address.endsWith(']') ? address.slice(1, -1) : address;
  if (isIP(bare) === 0) return undefined;
  return ipaddr.process(bare);
}

/** Why an address is refused by default, or null for a global unicast address. */
export function refusedRange(address: string): RefusedRange | null {
  const ip = parseAddress(address);
  if (!ip) return 'reserved';
  if (METADATA_ADDRESSES.has(ip.toNormalizedString())) return 'cloud metadata';
  const range = ip.range();
  if (ip.kind() === 'ipv4') return range === 'unicast' ? null : (IPV4_RANGES[range] ?? 'reserved');
  // Everything outside 2000::/3 is unassigned or special, and the tunnelling and NAT64 prefixes
  // inside it carry IPv4 addresses the range checks above would not see.
  if (range === 'unicast' && ip.match(GLOBAL_UNICAST_V6)) return null;
  return IPV6_RANGES[range] ?? 'reserved';
}

export interface TargetPolicy {
  /** True when `hostname` may resolve anywhere (a host-name entry of the allow-list). */
  hostAllowed(hostname: string): boolean;
  /** Null when the address may be connected to, else why not. */
  check(address: string): RefusedRange | null;
}

const HOST_RE =
  /^(?=.{1,253}$)([a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?)(\.[a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?)*$/;

function normalHost(name: string): string {
  return name.trim().toLowerCase().replace(/\.$/, '');
}

/** A CIDR, or a single address as the CIDR holding only it; IPv4-mapped CIDRs become IPv4 ones. */
function parseCidrEntry(entry: string): Cidr | undefined {
  const [addr, bits, ...rest] = entry.split('/');
  if (rest.length > 0 || addr === undefined) return undefined;
  const bare = addr.startsWith('[') && addr.endsWith(']') ? addr.slice(1, -1) : addr;
  const family = isIP(bare);
  if (family === 0) return undefined;
  const width = family === 4 ? 32 : 128;
  if (bits !== undefined && !/^\d{1,3}$/.test(bits)) return undefined;
  const prefix = bits === undefined ? width : Number(bits);
  if (prefix > width) return undefined;
  const ip = ipaddr.parse(bare);
  if (ip.kind() === 'ipv6' && (ip as ipaddr.IPv6).isIPv4MappedAddress() && prefix >= 96)
    return [(ip as ipaddr.IPv6).toIPv4Address(), prefix - 96];
  return [ip, prefix];
}

/** Why an allow-list entry cannot be read, or undefined when it can. */
export function allowEntryProblem(entry: string): string | undefined {
  if (parseCidrEntry(entry) || HOST_RE.test(normalHost(entry))) return undefined;
  return 'must be a CIDR (10.1.2.0/24, ::1/128), an address or a host name (alertmanager.internal)';
}

/**
 * The policy for an allow-list. A host-name entry allows that name whatever it resolves to; a
 * CIDR entry allows the addresses inside it, except cloud metadata addresses, which only an entry
 * for exactly that address allows (so 169.254.0.0/16 for link-local receivers does not open them).
 */
export function targetPolicy(allowTargets: readonly string[] = []): TargetPolicy {
  const hosts = new Set<string>();
  const cidrs: Cidr[] = [];
  for (const entry of allowTargets) {
    const problem = allowEntryProblem(entry);
    if (problem) throw new Error(`alerts.allowTargets: "${entry}" ${problem}`);
    const cidr = parseCidrEntry(entry);
    if (cidr) cidrs.push(cidr);
    else hosts.add(normalHost(entry));
  }
  return {
    hostAllowed: (hostname) => hosts.has(normalHost(hostname)),
    check(address) {
      const refused = refusedRange(address);
      if (refused === null) return null;
      const ip = parseAddress(address);
      if (!ip) return refused;
      const width = ip.kind() === 'ipv4' ? 32 : 128;
      const allowed = cidrs.some(
        ([net, bits]) =>
          net.kind() === ip.kind() && ip.match(net, bits) && (refused !== 'cloud metadata' || bits === width),
      );
      return allowed ? null : refused;
    },
  };
}

/**
 * Checked when a rule is saved: a URL whose host is an address literal the policy refuses. Host
 * names are checked when connecting, since they may resolve differently by then.
 */
export function urlProblem(url: string, policy: TargetPolicy): string | undefined {
  let hostname: string;
  try {
    hostname = new URL(url).hostname;
  } catch {
    return undefined;
  }
  const host = hostname.toLowerCase().replace(/\.$/, '');
  // RFC 6761: localhost names are loopback whatever a resolver says.
  const localhost = host === 'localhost' || host.endsWith('.localhost');
  if (localhost && policy.hostAllowed(host)) return undefined;
  if (!localhost && parseAddress(hostname) === undefined) return undefined;
  const refused = policy.check(localhost ? '127.0.0.1' : hostname);
  if (refused === null) return undefined;
  return `resolves to ${article(refused)} ${refused} address; add it to alerts.allowTargets if it is an internal receiver`;
}

function article(range: RefusedRange): string {
  return /^[aeiou]/i.test(range) ? 'an' : 'a';
}

/** The words a refused delivery is reported with. */
export function refusalText(range: RefusedRange): string {
  return `address not allowed (${range})`;
}
