import type { Channel } from '@sipwatch/wire';
import type { IngestStats } from '../stats.js';
import type { Intake } from '../intake.js';
import { LinePack, linesTransfer } from './line-pack.js';
import type { IntakePool } from './pool.js';
import type { IntakeResult } from './protocol.js';

/** A job is sent once it holds this much, without waiting for the end of the turn. */
const JOB_BYTES = 256 * 1024;

/**
 * Log lines of one channel on their way through the worker pool: gathered per event-loop turn
 * (or per JOB_BYTES), read by whichever worker is least busy, and handed to the sink in the order
 * they were received, so dedupe and the call tracker see what the single-thread path shows them.
 */
export class LineFeed {
  private pack = new LinePack();
  private scheduled: NodeJS.Immediate | undefined;
  private nextSeq = 0;
  private nextDelivery = 0;
  /** Answers that came before an earlier job's (null: the job was lost). */
  private readonly early = new Map<
    number,
    { result: IntakeResult | undefined; perPeer: [string, number][] }
  >();
  private idle: (() => void)[] = [];

  constructor(
    private readonly intake: Intake,
    private readonly pool: IntakePool,
    private readonly stats: IngestStats,
    private readonly channel: Channel,
  ) {}

  /** Whether the workers fall behind (the listeners push back). */
  get full(): boolean {
    return this.pool.full;
  }

  add(frame: Buffer, peer: string, receivedAt: number): void {
    this.pack.add(frame, peer, receivedAt);
    if (this.pack.bytes >= JOB_BYTES) this.send();
    else this.scheduled ??= setImmediate(() => this.send());
  }

  /** Sends what is gathered, and resolves once every message added so far has been handed on. */
  flush(): Promise<void> {
    this.send();
    if (this.nextDelivery === this.nextSeq) return Promise.resolve();
    return new Promise((resolve) => this.idle.push(resolve));
  }

  private send(): void {
    if (this.scheduled) clearImmediate(this.scheduled);
    this.scheduled = undefined;
    if (this.pack.count === 0) return;
    const bytes = this.pack.bytes;
    const { job, perPeer } = this.pack.take();
    const seq = this.nextSeq++;
    this.pool.submit(job, bytes, linesTransfer(job), (result) => {
      this.early.set(seq, { result, perPeer });
      this.deliverInOrder();
    });
  }

  private deliverInOrder(): void {
    for (let next = this.early.get(this.nextDelivery); next; next = this.early.get(this.nextDelivery)) {
      this.early.delete(this.nextDelivery++);
      if (next.result) this.intake.absorb(this.channel, next.result);
      else for (const [peer, n] of next.perPeer) this.stats.rejected(this.channel, peer, 'worker-lost', n);
    }
    if (this.nextDelivery === this.nextSeq && this.idle.length > 0) {
      const idle = this.idle;
      this.idle = [];
      for (const fn of idle) fn();
    }
  }
}
