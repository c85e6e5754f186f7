import { readFileSync } from 'node:fs';

/**
 * Datagrams the kernel dropped for the UDP socket bound to `port` because its receive buffer was
 * full (the `drops` column of /proc/net/udp and udp6, Linux): the loss the process itself cannot
 * see. Undefined where that table cannot be read.
 */
export function kernelUdpDrops(port: number): number | undefined {
  let found = false;
  let drops = 0;
  for (const table of ['/proc/net/udp', '/proc/net/udp6']) {
    let text: string;
    try {
      text = readFileSync(table, 'latin1');
    } catch {
      continue;
    }
    found = true;
    const lines = text.split('\n');
    for (let i = 1; i < lines.length; i++) {
      const cols = lines[i]!.trim().split(/\s+/);
      // local_address is ADDR:PORT in hex; drops is the last column.
      const local = cols[1];
      if (!local || Number.parseInt(local.slice(local.lastIndexOf(':') + 1), 16) !== port) continue;
      drops += Number(cols.at(-1)) || 0;
    }
  }
  return found ? drops : undefined;
}
