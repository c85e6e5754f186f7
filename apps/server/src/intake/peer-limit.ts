/**
 * Connections held per client address, so one sender (or a thousand trickling sockets from it)
 * cannot take every slot of a TCP listener from the others.
 */
export class ConnectionsPerPeer {
  private readonly counts = new Map<string, number>();

  constructor(private readonly max: number) {}

  /** Takes a slot for `peer`; false when it already holds `max`. */
  take(peer: string): boolean {
    const n = this.counts.get(peer) ?? 0;
    if (n >= this.max) return false;
    this.counts.set(peer, n + 1);
    return true;
  }

  release(peer: string): void {
    const n = this.counts.get(peer) ?? 0;
    if (n <= 1) this.counts.delete(peer);
    else this.counts.set(peer, n - 1);
  }
}
