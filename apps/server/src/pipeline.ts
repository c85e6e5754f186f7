import { HOUR_MS, MINUTE_MS, SECOND_MS } from '@sipwatch/wire';
import { RetentionReference } from './store/retention-reference.js';
import type { Clock } from './clock.js';
import type { Config } from './config.js';
import { Aggregator } from './core/aggregator.js';
import type { CallTimings, TimingSlotRecord } from './core/call-timing.js';
import type { DirtySet, TickResult } from './core/aggregator.js';
import { Dedupe } from './core/dedupe.js';
import { minGapFor, RunHistory } from './core/run-gaps.js';
import type { DimensionKind } from './core/dimensions.js';
import { dimensionName } from './core/names.js';
import type { IngestStats } from './intake/stats.js';
import type { Logger } from './logger.js';
import type { CallsWrite, FlushBatch, PrunePolicy, Store } from './store/store.js';
import type { SipEvent } from '@sipwatch/wire';
import { PROCESS_HASH_SEED } from './hash-seed.js';
import { WriteRetainedError } from './store/store.js';
import { StorageHealth } from './store/storage-health.js';
import type { StorageStatus } from '@sipwatch/wire';

/**
 * The path behind the intake: dedupe → aggregator (in memory), plus a bounded buffer of raw
 * events; a flush writes what changed to the store in one transaction. The shell decides when to
 * tick and flush: timers in production (`flushInBackground`, which only hands the changes to the
 * store's writer thread), by hand in tests (`flush`, which blocks until they are written).
 */

export interface PipelineDeps {
  config: Config;
  clock: Clock;
  logger: Logger;
  stats: IngestStats;
  store: Store;
  /** Per-call timing histograms (from HEP), written with every flush and loaded at start. */
  timings?: CallTimings;
  /** Whole calls kept from HEP: taken with every flush, given back when it fails. */
  calls?: { take(): CallsWrite | undefined; restore(write: CallsWrite): void };
  /** Told the duration of every flush, and whether it was written. */
  onFlush?: (seconds: number, ok: boolean) => void;
  /** Told when the storage status changes (see StorageHealth). */
  onStorageStatus?: (status: StorageStatus) => void;
  /** Told what a flush wrote, once the store has written it (the cluster publishes it). */
  onWritten?: (dirty: DirtySet, calls: CallsWrite | undefined) => void;
}

export interface FlushResult {
  ok: boolean;
  seconds: number;
  minutes: number;
  events: number;
  /** From taking the changes to their being written. */
  durationMs: number;
  /** Of that, the time the event loop spent (taking the changes and handing them over). */
  loopMs: number;
}

/** What one flush took from the aggregator and the raw buffer. */
interface FlushJob {
  dirty: DirtySet;
  events: SipEvent[];
  timings: TimingSlotRecord[];
  calls: CallsWrite | undefined;
  started: number;
  loopMs: number;
}

/** Prune retention every this many flushes (and at start). */
const PRUNE_EVERY = 60;

export class Pipeline {
  readonly aggregator: Aggregator;
  readonly dedupe: Dedupe;
  /** Raw events not kept because the per-flush budget was spent. */
  rawDropped = 0;
  flushFailures = 0;
  /** Events refused because too much waited in memory to be written (see `ingest`). */
  refusedForStorage = 0;
  lastFlush: FlushResult | undefined;
  readonly health: StorageHealth;

  private failures: SipEvent[] = [];
  private others: SipEvent[] = [];
  private flushes = 0;
  private writing = false;
  private readonly rawBudget: number;
  private retention: RetentionReference | undefined;
  private jumpsLogged = 0;
  private runHistory: RunHistory | undefined;

  constructor(private readonly deps: PipelineDeps) {
    const { aggregation } = deps.config;
    this.aggregator = new Aggregator({
      liveSeconds: aggregation.liveSeconds,
      retentionDays: aggregation.retentionDays,
      maxTrunks: aggregation.maxTrunks,
      maxSources: aggregation.maxSources,
      dimensionIdleMs: aggregation.dimensionIdleMs,
      ...(aggregation.trunkNamesFromMapOnly && {
        trunkNames: new Set(deps.config.ingest.trunks.map((t) => dimensionName(t.name))),
      }),
      pastMinutesPerDrain: deps.config.storage.pastMinutesPerFlush,
      rules: {
        excludeChallenges: aggregation.excludeChallenges,
        excludeAbandoned: aggregation.excludeAbandoned,
        categoryOverrides: aggregation.categoryOverrides,
      },
    });
    this.dedupe = new Dedupe(aggregation.dedupeWindowMs, aggregation.dedupeMaxEntries, PROCESS_HASH_SEED);
    this.rawBudget = deps.config.storage.rawEventsPerFlush;
    const { flushIntervalMs, writeTimeoutMs } = deps.config.storage;
    this.health = new StorageHealth(flushIntervalMs, writeTimeoutMs, deps.clock.now());
  }

  /** Resumes from the store: dimension ids, the live window's seconds, the minutes held in memory. */
  load(): void {
    const now = this.deps.clock.now();
    const agg = this.aggregator;
    agg.tick(now);
    const state = this.deps.store.loadState(agg.liveStartSecond, agg.minuteFloor);
    agg.load(state, now);
    this.deps.timings?.load(state.timings, now);
    const past = this.deps.store.readRuns();
    this.runHistory = new RunHistory(
      past,
      { id: this.deps.store.startRun(now), start: now },
      minGapFor(this.deps.config.storage.flushIntervalMs),
    );
    // Future rows (a clock that was once ahead) do not count as the newest data.
    this.retention = new RetentionReference(
      this.deps.clock,
      this.deps.store.newestMinute(Math.floor(now / MINUTE_MS)),
      this.deps.logger,
    );
    this.prune();
  }

  /** When the server ran (this run since `load`): the gaps charts draw and baselines discount. */
  get runs(): RunHistory {
    if (!this.runHistory) throw new Error('the pipeline is not loaded');
    return this.runHistory;
  }

  /** The EventSink behind every intake adapter: one call per batch. */
  readonly ingest = (events: SipEvent[]): void => {
    if (events.length === 0) return;
    if (this.health.refusingIntake) {
      // Counted, never held: memory stays bounded while the database takes nothing.
      this.refusedForStorage += events.length;
      for (const e of events) this.deps.stats.rejected(e.source.channel, e.source.host, 'storage-full');
      return;
    }
    const now = this.deps.clock.now();
    this.dedupe.expire(now);
    let fresh: SipEvent[] = events;
    for (let i = 0; i < events.length; i++) {
      if (!this.dedupe.admit(events[i]!, now)) {
        // Only copy when something was dropped.
        fresh = events.slice(0, i);
        for (let j = i + 1; j < events.length; j++)
          if (this.dedupe.admit(events[j]!, now)) fresh.push(events[j]!);
        break;
      }
    }
    const rejections = this.aggregator.add(fresh, now);
    let rejected: Set<SipEvent> | undefined;
    if (rejections.length > 0) {
      rejected = new Set();
      for (const r of rejections) {
        rejected.add(r.event);
        this.deps.stats.rejected(r.event.source.channel, r.event.source.host, r.reason);
      }
    }
    this.keepRaw(fresh, rejected);
  };

  /** Closes the current second; returns the newest closed one and late changes to earlier ones. */
  tick(): TickResult {
    const result = this.aggregator.tick(this.deps.clock.now());
    const agg = this.aggregator;
    if (agg.backwardJumps !== this.jumpsLogged) {
      this.jumpsLogged = agg.backwardJumps;
      this.deps.logger.warn(
        { jumpMs: agg.lastBackwardJumpMs, now: new Date(this.deps.clock.now()).toISOString() },
        'the wall clock went back; the live window follows the new time',
      );
    }
    return result;
  }

  /**
   * Retires every active name of a dimension (the admin reset): they leave the cap, keep their ids
   * for the stored rows, and the change is written with the next flush. Returns how many.
   */
  resetDimension(kind: DimensionKind): number {
    const agg = this.aggregator;
    return { trunk: agg.trunks, source: agg.sources, method: agg.methods }[kind].reset();
  }

  /**
   * Writes everything changed since the last flush in one transaction and returns once it is
   * written (after any background flush still under way). Never throws. `final` also writes the
   * minute still open (shutdown).
   */
  flush(final = false): FlushResult {
    // A background flush that failed puts its changes back first, so they are in this one.
    this.deps.store.waitForWrites();
    const job = this.take(final);
    let error: unknown;
    try {
      this.deps.store.write(this.batchOf(job));
    } catch (err) {
      error = err;
    }
    job.loopMs = performance.now() - job.started;
    return this.finish(job, error, false);
  }

  /**
   * The flush the timers use: takes what changed (the only work done on the event loop) and hands
   * it to the store's writer thread. Resolves with the result once written; never rejects. While
   * the previous one is still being written this does nothing and resolves null: its changes stay
   * pending for the next flush, so a slow disk delays writes but never queues them up.
   */
  flushInBackground(): Promise<FlushResult | null> {
    // After failures, retries back off; the changes wait meanwhile.
    if (this.writing || this.deps.clock.now() < this.health.nextAttemptAt) return Promise.resolve(null);
    this.writing = true;
    const job = this.take(false);
    return new Promise((resolve) => {
      const handedOver = (): void => {
        job.loopMs ||= performance.now() - job.started;
      };
      const done = (error: unknown): void => {
        handedOver();
        this.writing = false;
        resolve(this.finish(job, error, true));
      };
      try {
        this.deps.store.writeInBackground(this.batchOf(job), done);
      } catch (err) {
        done(err);
      }
      handedOver();
    });
  }

  /** Deletes what retention no longer keeps; blocks until done. */
  prune(): void {
    try {
      this.deps.store.prune(this.prunePolicy());
    } catch (err) {
      this.deps.logger.error({ err }, 'pruning the database failed');
    }
  }

  private take(final: boolean): FlushJob {
    const started = performance.now();
    return {
      dirty: this.aggregator.takeDirty({ all: final }),
      events: this.takeRaw(),
      timings: this.deps.timings?.takeDirty() ?? [],
      calls: this.deps.calls?.take(),
      started,
      loopMs: 0,
    };
  }

  private batchOf(job: FlushJob): FlushBatch {
    return {
      ...job.dirty,
      events: job.events,
      maxEvents: this.deps.config.storage.rawEventsMax,
      timings: job.timings,
      ...(job.calls && { calls: job.calls }),
      ...(this.runHistory && { run: { id: this.runHistory.current.id, at: this.deps.clock.now() } }),
    };
  }

  private finish(job: FlushJob, error: unknown, background: boolean): FlushResult {
    const { dirty, events } = job;
    const ok = error === undefined;
    if (!ok) {
      this.flushFailures++;
      // A retained write is the store's to send again: giving it back too would count it twice.
      if (!(error instanceof WriteRetainedError)) {
        this.aggregator.restoreDirty(dirty);
        this.restoreRaw(events);
        this.deps.timings?.restoreDirty(job.timings);
        if (job.calls) this.deps.calls?.restore(job.calls);
      }
    }
    this.recordOutcome(error);
    if (ok) this.deps.onWritten?.(dirty, job.calls);
    if (ok && ++this.flushes % PRUNE_EVERY === 0) {
      if (background) {
        this.deps.store.pruneInBackground(this.prunePolicy(), (err) => {
          if (err) this.deps.logger.error({ err }, 'pruning the database failed');
        });
      } else {
        this.prune();
      }
    }
    const durationMs = performance.now() - job.started;
    this.deps.onFlush?.(durationMs / 1000, ok);
    this.lastFlush = {
      ok,
      seconds: dirty.seconds.length,
      minutes: dirty.minutes.length + dirty.minuteDeltas.length,
      events: events.length,
      durationMs,
      loopMs: job.loopMs,
    };
    return this.lastFlush;
  }

  /** Updates the storage status; logs and tells only its changes (not every failed flush). */
  private recordOutcome(error: unknown): void {
    const now = this.deps.clock.now();
    const { health } = this;
    const outcome = error === undefined ? health.succeeded(now) : health.failed(now, error);
    const wasRefusing = health.refusingIntake;
    health.refusingIntake =
      error !== undefined &&
      this.aggregator.unwrittenMinutes() > this.deps.config.storage.maxUnwrittenMinutes;
    if (health.refusingIntake && !wasRefusing) {
      this.deps.logger.error(
        { unwrittenMinutes: this.aggregator.unwrittenMinutes() },
        'too much waits in memory to be written: intake is refused (HTTP 503, syslog/HEP counted as rejected "storage-full") until the database takes writes again',
      );
    }
    if (!outcome.changed && health.refusingIntake === wasRefusing) return;
    const status = health.status(now);
    if (error !== undefined) {
      this.deps.logger.error(
        { err: error, state: status.state, failures: health.failuresInRow },
        `${status.message}; retrying with backoff`,
      );
    } else {
      this.deps.logger.info(
        { after: outcome.previous.state, since: outcome.previous.since },
        'database writes resumed: everything kept in memory is written',
      );
    }
    this.deps.onStorageStatus?.(status);
  }

  /** The "now" retention counts from (see RetentionReference); the wall clock before load(). */
  retentionNow(): number {
    return this.retention?.now() ?? this.deps.clock.now();
  }

  private prunePolicy(): PrunePolicy {
    const now = this.retentionNow();
    const { aggregation, storage } = this.deps.config;
    const liveStart = Math.floor(now / SECOND_MS) - aggregation.liveSeconds;
    return {
      secondsBefore: liveStart,
      minutesBefore: Math.floor(now / MINUTE_MS) - aggregation.retentionDays * 1440,
      eventsBefore: now - storage.rawEventsMaxAgeHours * HOUR_MS,
      maxEvents: storage.rawEventsMax,
      // Call timings are kept for the live window, as the in-memory histograms are.
      timingsBefore: liveStart * SECOND_MS,
      callsBefore: now - this.deps.config.calls.retentionHours * HOUR_MS,
      maxCalls: this.deps.config.calls.maxStored,
    };
  }

  /** Raw events waiting for the next flush. */
  get pendingRaw(): number {
    return this.failures.length + this.others.length;
  }

  private keepRaw(events: readonly SipEvent[], rejected: Set<SipEvent> | undefined): void {
    if (this.rawBudget === 0) return;
    for (const e of events) {
      if (rejected?.has(e)) continue;
      const failure = this.keptFirst(e);
      // Failures only ever take room from the rest, so the rest beyond what failures left now
      // could never be written: not holding them halves what waits for the flush (and the GC).
      if (
        failure
          ? this.failures.length < this.rawBudget
          : this.others.length < this.rawBudget - this.failures.length
      ) {
        (failure ? this.failures : this.others).push(e);
      } else {
        this.rawDropped++;
      }
    }
  }

  /** Raw events kept first when the budget is short: final refusals, not the digest challenges before a retry. */
  private keptFirst(e: SipEvent): boolean {
    return e.code >= 300 && this.aggregator.profiles.of(e.code, 0).category !== 'challenge';
  }

  /** Failures first, then the rest, within the per-flush budget. */
  private takeRaw(): SipEvent[] {
    const room = Math.max(0, this.rawBudget - this.failures.length);
    const out = this.failures.concat(room < this.others.length ? this.others.slice(0, room) : this.others);
    this.rawDropped += Math.max(0, this.others.length - room);
    // Ids then follow event time within a flush.
    out.sort((a, b) => a.ts - b.ts);
    this.failures = [];
    this.others = [];
    return out;
  }

  private restoreRaw(events: SipEvent[]): void {
    // Kept for the next attempt, within the same bound.
    for (const e of events) {
      const into = this.keptFirst(e) ? this.failures : this.others;
      if (into.length < this.rawBudget) into.push(e);
      else this.rawDropped++;
    }
  }
}
