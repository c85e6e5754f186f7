import type pg from 'pg';
import { DAY_MS, MINUTE_MS, SECOND_MS } from '@sipwatch/wire';
import type { Logger } from '../logger.js';

/** Seconds and minutes of every node older than these go (second and minute numbers). */
export interface CountCutoffs {
  secondsBefore: number;
  minutesBefore: number;
}

/**
 * How far the cluster's published counts may be pruned, by the same rule as a node's own file
 * (seconds past the live window, minutes past the retention), counted from the earlier of this
 * node's retention reference and PostgreSQL's own clock. So a node whose clock runs a year ahead
 * cannot prune what the other nodes still show, and a dead node holds nothing back.
 */
export function countCutoffs(input: {
  referenceNow: number;
  databaseNow: number;
  liveSeconds: number;
  retentionDays: number;
}): CountCutoffs {
  const reference = Math.min(input.referenceNow, input.databaseNow);
  return {
    secondsBefore: Math.floor(reference / SECOND_MS) - input.liveSeconds,
    minutesBefore: Math.floor((reference - input.retentionDays * DAY_MS) / MINUTE_MS),
  };
}

const PRUNE_EVERY_MS = 60_000;

/**
 * Prunes the cluster's second and minute rows about once a minute, after this node's publish.
 * Any node may run it: the deletes are idempotent, and each only removes rows past the cutoff.
 */
export class CountRetention {
  private prunedAt = -Infinity;
  private running: Promise<void> = Promise.resolve();

  constructor(
    private readonly deps: {
      pool: pg.Pool;
      logger: Logger;
      referenceNow: () => number;
      liveSeconds: number;
      retentionDays: number;
    },
  ) {}

  /** Starts a prune when the last is a minute old (by `now`); never rejects. */
  maybePrune(now: number): Promise<void> {
    if (now - this.prunedAt < PRUNE_EVERY_MS) return this.running;
    this.prunedAt = now;
    this.running = this.running.then(() => this.prune());
    return this.running;
  }

  settled(): Promise<void> {
    return this.running;
  }

  private async prune(): Promise<void> {
    try {
      const { rows } = await this.deps.pool.query<{ now: string }>(
        'SELECT (extract(epoch FROM clock_timestamp()) * 1000)::bigint::text AS now',
      );
      const cut = countCutoffs({
        referenceNow: this.deps.referenceNow(),
        databaseNow: Number(rows[0]!.now),
        liveSeconds: this.deps.liveSeconds,
        retentionDays: this.deps.retentionDays,
      });
      const seconds = await this.deps.pool.query('DELETE FROM node_seconds WHERE second < $1', [
        cut.secondsBefore,
      ]);
      const minutes = await this.deps.pool.query('DELETE FROM node_minutes WHERE minute < $1', [
        cut.minutesBefore,
      ]);
      if ((seconds.rowCount ?? 0) + (minutes.rowCount ?? 0) > 0)
        this.deps.logger.debug(
          { seconds: seconds.rowCount, minutes: minutes.rowCount, ...cut },
          'pruned the cluster counts',
        );
    } catch (err) {
      // Tried again a minute later; nothing is lost by pruning late.
      this.deps.logger.warn({ err }, 'pruning the cluster counts failed');
    }
  }
}
