import type { LinesJob } from './protocol.js';

/**
 * Syslog messages gathered for one worker job: each frame is copied once, into the job's own
 * buffer, so the socket's reads can be collected and the buffer transferred.
 */
export class LinePack {
  private frames: Buffer[] = [];
  private peerOf: number[] = [];
  private receivedAt: number[] = [];
  private readonly peerIndex = new Map<string, number>();
  private peers: string[] = [];
  bytes = 0;

  get count(): number {
    return this.frames.length;
  }

  add(frame: Buffer, peer: string, receivedAt: number): void {
    let p = this.peerIndex.get(peer);
    if (p === undefined) this.peerIndex.set(peer, (p = this.peers.push(peer) - 1));
    this.frames.push(frame);
    this.peerOf.push(p);
    this.receivedAt.push(receivedAt);
    this.bytes += frame.length;
  }

  /** The job, and how many messages each peer has in it (to count them should the job be lost). */
  take(): { job: LinesJob; perPeer: [string, number][] } {
    const bytes = new Uint8Array(this.bytes);
    const ends = new Int32Array(this.frames.length);
    let at = 0;
    for (let i = 0; i < this.frames.length; i++) {
      bytes.set(this.frames[i]!, at);
      at += this.frames[i]!.length;
      ends[i] = at;
    }
    const perPeerCounts = new Array<number>(this.peers.length).fill(0);
    for (const p of this.peerOf) perPeerCounts[p]!++;
    const job: LinesJob = {
      kind: 'lines',
      bytes,
      ends,
      peers: this.peers,
      peerOf: Int32Array.from(this.peerOf),
      receivedAt: Float64Array.from(this.receivedAt),
    };
    const perPeer = this.peers.map((peer, i): [string, number] => [peer, perPeerCounts[i]!]);
    this.frames = [];
    this.peerOf = [];
    this.receivedAt = [];
    this.peerIndex.clear();
    this.peers = [];
    this.bytes = 0;
    return { job, perPeer };
  }
}

/** The buffers of a lines job that postMessage moves instead of copying. */
export function linesTransfer(job: LinesJob): ArrayBuffer[] {
  return [job.bytes.buffer, job.ends.buffer, job.peerOf.buffer, job.receivedAt.buffer] as ArrayBuffer[];
}
