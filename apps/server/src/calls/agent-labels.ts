import { addressOf } from '@sipwatch/wire';
import type { CapturedMessage } from '@sipwatch/wire';

/**
 * Names for a call's addresses by the HEP capture agent that captured its messages, where the
 * trunk map names none. An agent captures its own host's traffic, so its address is the one that
 * every message it captured went from or to. When two remain (it saw one hop only) and the trunk
 * map names one of them, the agent is the other; otherwise it is not known and nothing is named
 * after it. Names go by IP (as the trunk map's), so an address whose IP other columns of the call
 * share (several processes on one host) is not named either. Pure.
 */
export function agentLabels(
  messages: readonly CapturedMessage[],
  named: (ip: string) => boolean,
): Record<string, string> {
  const common = new Map<string, Map<string, string>>();
  const portsOfIp = new Map<string, Set<string>>();
  for (const m of messages) {
    const ends: [string, string][] = [
      [addressOf(m.srcIp, m.srcPort), m.srcIp],
      [addressOf(m.dstIp, m.dstPort), m.dstIp],
    ];
    for (const [address, ip] of ends) {
      let set = portsOfIp.get(ip);
      if (!set) portsOfIp.set(ip, (set = new Set()));
      set.add(address);
    }
    if (m.agent === undefined) continue;
    const seen = common.get(m.agent);
    if (!seen) common.set(m.agent, new Map(ends));
    else for (const address of seen.keys()) if (!ends.some(([a]) => a === address)) seen.delete(address);
  }
  const labels: Record<string, string> = {};
  for (const [agent, addresses] of common) {
    const own = [...addresses.values()].filter((ip) => !named(ip));
    if (own.length !== 1) continue;
    const ip = own[0]!;
    if (portsOfIp.get(ip)!.size > 1) continue;
    // Two agents on one host (or one agent under two names): both names.
    labels[ip] = labels[ip] === undefined ? agent : `${labels[ip]} / ${agent}`;
  }
  return labels;
}
