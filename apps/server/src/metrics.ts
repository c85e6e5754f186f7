import { SIP_CLASSES } from '@sipwatch/codes';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { HepIntakeStats } from './intake/hep/hep-intake.js';
import type { IngestStats } from './intake/stats.js';
import type { Pipeline } from './pipeline.js';
import { CHANNELS, STORAGE_STATES } from '@sipwatch/wire';
import type { StorageStatus } from '@sipwatch/wire';

/**
 * Prometheus exposition. Nothing here runs per event: counters are brought up to date from the
 * aggregator's and the intake's own running totals when Prometheus scrapes.
 */
export interface Metrics {
  registry: Registry;
  observeFlush(seconds: number, ok: boolean): void;
}

export interface MetricsSources {
  pipeline: () => Pipeline | undefined;
  stats: IngestStats;
  liveRooms?: () => number;
  hep?: () => HepIntakeStats;
  /** `ageSeconds`: since the last good flush (since start when none was). */
  storage?: () => { status: StorageStatus; ageSeconds: number; timeouts: number; restarts: number };
}

/** Raises a counter to a running total it mirrors (never lowers it). */
function mirror<L extends string>(counter: Counter<L>) {
  const last = new Map<string, number>();
  return (labels: Record<L, string>, total: number): void => {
    const key = JSON.stringify(labels);
    const delta = total - (last.get(key) ?? 0);
    if (delta > 0) {
      counter.inc(labels, delta);
      last.set(key, total);
    }
  };
}

export function createMetrics(sources: MetricsSources): Metrics {
  const registry = new Registry();
  // Registered first: prom-client renders metrics in order, and this one's collect() brings the
  // mirrored counters below up to date before they render.
  let sync = (): void => {};
  new Gauge({
    name: 'sipwatch_up',
    help: 'Always 1 while sipwatch serves metrics.',
    registers: [registry],
    collect() {
      this.set(1);
      sync();
    },
  });
  collectDefaultMetrics({ register: registry });

  const responses = new Counter({
    name: 'sipwatch_responses_total',
    help: 'SIP responses counted, by class and code (after dedupe).',
    labelNames: ['class', 'code'] as const,
    registers: [registry],
  });
  const trunkResponses = new Counter({
    name: 'sipwatch_trunk_responses_total',
    help: 'SIP responses counted, by trunk (within the configured cap; the rest as "other") and class.',
    labelNames: ['trunk', 'class'] as const,
    registers: [registry],
  });
  const accepted = new Counter({
    name: 'sipwatch_ingest_accepted_total',
    help: 'Events accepted by the intake, by channel.',
    labelNames: ['channel'] as const,
    registers: [registry],
  });
  const rejected = new Counter({
    name: 'sipwatch_ingest_rejected_total',
    help: 'Items rejected by the intake or the aggregator, by channel and reason.',
    labelNames: ['channel', 'reason'] as const,
    registers: [registry],
  });
  const unparsed = new Counter({
    name: 'sipwatch_ingest_unparsed_total',
    help: 'Lines or payloads that yielded no event, by channel.',
    labelNames: ['channel'] as const,
    registers: [registry],
  });
  const listenerDropped = new Counter({
    name: 'sipwatch_ingest_dropped_total',
    help: 'Messages a listener dropped because the intake was behind (UDP: a sender cannot be made to wait), by listener.',
    labelNames: ['listener'] as const,
    registers: [registry],
  });
  const listenerPushedBack = new Counter({
    name: 'sipwatch_ingest_pushback_total',
    help: 'Times a listener pushed back because the intake was behind (TCP: reading paused; HTTP: 503 with Retry-After), by listener.',
    labelNames: ['listener'] as const,
    registers: [registry],
  });
  const kernelDropped = new Counter({
    name: 'sipwatch_udp_kernel_drops_total',
    help: 'Datagrams the kernel dropped for a UDP listener because its receive buffer was full (Linux), by listener.',
    labelNames: ['listener'] as const,
    registers: [registry],
  });
  const duplicates = new Counter({
    name: 'sipwatch_duplicates_total',
    help: 'Responses dropped as retransmissions or re-deliveries (same Call-ID, CSeq, method, code).',
    registers: [registry],
  });
  const folded = new Counter({
    name: 'sipwatch_dimension_folded_total',
    help: 'Events whose trunk or source was counted as "other": the cap was reached (or, with aggregation.trunkNamesFromMapOnly, the trunk is not in the map).',
    labelNames: ['dimension'] as const,
    registers: [registry],
  });
  const recycled = new Counter({
    name: 'sipwatch_dimension_recycled_total',
    help: 'Trunk, source or method names that left the cap: unseen for aggregation.dimensionIdleMs, or reset by an admin.',
    labelNames: ['dimension'] as const,
    registers: [registry],
  });
  const activeNames = new Gauge({
    name: 'sipwatch_dimension_names',
    help: 'Names holding a place under the cap, by dimension.',
    labelNames: ['dimension'] as const,
    registers: [registry],
  });
  const pastMinutesPending = new Gauge({
    name: 'sipwatch_past_minutes_pending',
    help: 'Past minutes (older than memory) with counts waiting to be written: beyond storage.pastMinutesPerFlush they wait for later flushes.',
    registers: [registry],
  });
  const backwardJumps = new Counter({
    name: 'sipwatch_clock_backward_jumps_total',
    help: 'Backward jumps of the wall clock of more than 60 s; the live window followed each.',
    registers: [registry],
  });
  const rawDropped = new Counter({
    name: 'sipwatch_raw_events_not_kept_total',
    help: 'Raw events not written for drill-down because the per-flush budget was spent (still counted).',
    registers: [registry],
  });
  const flushDuration = new Histogram({
    name: 'sipwatch_flush_duration_seconds',
    help: 'Time to write one flush to the database.',
    buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [registry],
  });
  const flushFailures = new Counter({
    name: 'sipwatch_flush_failures_total',
    help: 'Flushes that could not be written (retried at the next flush).',
    registers: [registry],
  });
  const lastFlushAge = new Gauge({
    name: 'sipwatch_last_flush_age_seconds',
    help: 'Seconds since a flush was last written to the database (since start when none was).',
    registers: [registry],
  });
  const degraded = new Gauge({
    name: 'sipwatch_storage_degraded',
    help: 'Storage state: 1 for the current one (ok, failing, disk-full, stalled), 0 for the others.',
    labelNames: ['state'] as const,
    registers: [registry],
  });
  const writeTimeouts = new Counter({
    name: 'sipwatch_write_timeouts_total',
    help: 'Database writes that overran storage.writeTimeoutMs (each restarted the writer thread).',
    registers: [registry],
  });
  const writerRestarts = new Counter({
    name: 'sipwatch_writer_restarts_total',
    help: 'Times the database writer thread was started again after it died or was stopped.',
    registers: [registry],
  });
  const refusedForStorage = new Counter({
    name: 'sipwatch_ingest_refused_storage_total',
    help: 'Events refused because too much waited in memory to be written (storage.maxUnwrittenMinutes).',
    registers: [registry],
  });
  const cells = new Gauge({
    name: 'sipwatch_aggregator_cells',
    help: 'Counter cells held in memory by the aggregator.',
    registers: [registry],
  });
  const rooms = new Gauge({
    name: 'sipwatch_live_subscriptions',
    help: 'Distinct live subscriptions with at least one dashboard connected.',
    registers: [registry],
  });

  const hepCalls = new Gauge({
    name: 'sipwatch_hep_calls_tracked',
    help: 'Calls held by the HEP call tracker (in progress, or kept a while for retransmissions).',
    registers: [registry],
  });
  const hepEvicted = new Counter({
    name: 'sipwatch_hep_calls_evicted_total',
    help: 'Calls the HEP call tracker forgot because it was full (hep.maxCalls); their outcome and timing are lost.',
    registers: [registry],
  });
  const hepTimedOut = new Counter({
    name: 'sipwatch_hep_calls_timed_out_total',
    help: 'Calls the HEP call tracker forgot with their INVITE still unanswered.',
    registers: [registry],
  });
  const hepRetransmissions = new Counter({
    name: 'sipwatch_hep_retransmissions_total',
    help: 'HEP-captured responses dropped as retransmissions of one already counted.',
    registers: [registry],
  });
  const hepIgnored = new Counter({
    name: 'sipwatch_hep_packets_ignored_total',
    help: 'HEP packets of protocols sipwatch does not read (RTCP, DNS, ...).',
    registers: [registry],
  });

  const callsKept = new Counter({
    name: 'sipwatch_calls_kept_total',
    help: 'Whole calls kept from HEP capture, by why: failed (within calls.failedPerMinute), unanswered (no final response, within the same budget) or sampled (calls.sampleShare).',
    labelNames: ['reason'] as const,
    registers: [registry],
  });
  const callsOverBudget = new Counter({
    name: 'sipwatch_calls_over_budget_total',
    help: 'Failed calls not kept whole because the minute had its calls.failedPerMinute already.',
    registers: [registry],
  });

  const syncResponses = mirror(responses);
  const syncTrunks = mirror(trunkResponses);
  const syncAccepted = mirror(accepted);
  const syncRejected = mirror(rejected);
  const syncUnparsed = mirror(unparsed);
  const syncDuplicates = mirror(duplicates);
  const syncDropped = mirror(listenerDropped);
  const syncPushedBack = mirror(listenerPushedBack);
  const syncKernelDropped = mirror(kernelDropped);
  const syncFolded = mirror(folded);
  const syncRecycled = mirror(recycled);
  const syncBackwardJumps = mirror(backwardJumps);
  const syncRawDropped = mirror(rawDropped);
  const syncHepEvicted = mirror(hepEvicted);
  const syncHepTimedOut = mirror(hepTimedOut);
  const syncHepRetransmissions = mirror(hepRetransmissions);
  const syncHepIgnored = mirror(hepIgnored);
  const syncCallsKept = mirror(callsKept);
  const syncCallsOverBudget = mirror(callsOverBudget);
  const syncWriteTimeouts = mirror(writeTimeouts);
  const syncWriterRestarts = mirror(writerRestarts);
  const syncRefusedForStorage = mirror(refusedForStorage);

  sync = (): void => {
    const pipeline = sources.pipeline();
    if (pipeline) {
      const agg = pipeline.aggregator;
      agg.totalByCode.forEach((n, i) => {
        if (n > 0)
          syncResponses({ class: SIP_CLASSES[Math.floor((i + 100) / 100) - 1]!, code: String(i + 100) }, n);
      });
      agg.forEachTrunkTotal((trunk, c, n) => syncTrunks({ trunk, class: SIP_CLASSES[c]! }, n));
      syncDuplicates({}, pipeline.dedupe.duplicates);
      syncFolded({ dimension: 'trunk' }, agg.trunks.folded);
      syncFolded({ dimension: 'source' }, agg.sources.folded);
      for (const table of [agg.trunks, agg.sources, agg.methods]) {
        syncRecycled({ dimension: table.kind }, table.recycled);
        activeNames.set({ dimension: table.kind }, table.activeCount);
      }
      pastMinutesPending.set(agg.pendingPastMinutes);
      syncBackwardJumps({}, agg.backwardJumps);
      syncRawDropped({}, pipeline.rawDropped);
      syncRefusedForStorage({}, pipeline.refusedForStorage);
      cells.set(agg.cellCount());
    }
    const snap = sources.stats.snapshot();
    for (const channel of CHANNELS) {
      const c = snap.channels[channel].sinceStart;
      syncAccepted({ channel }, c.accepted);
      syncUnparsed({ channel }, c.unparsed);
      for (const [reason, n] of Object.entries(c.rejected)) syncRejected({ channel, reason }, n);
    }
    for (const [listener, p] of Object.entries(snap.listeners)) {
      syncDropped({ listener }, p.dropped);
      syncPushedBack({ listener }, p.pushedBack);
      if (p.kernelDropped !== undefined) syncKernelDropped({ listener }, p.kernelDropped);
    }
    rooms.set(sources.liveRooms?.() ?? 0);
    const storage = sources.storage?.();
    if (storage) {
      const { status } = storage;
      lastFlushAge.set(storage.ageSeconds);
      for (const state of STORAGE_STATES) degraded.set({ state }, state === status.state ? 1 : 0);
      syncWriteTimeouts({}, storage.timeouts);
      syncWriterRestarts({}, storage.restarts);
    }
    const hep = sources.hep?.();
    if (hep) {
      hepCalls.set(hep.callsTracked);
      syncHepEvicted({}, hep.callsEvicted);
      syncHepTimedOut({}, hep.callsTimedOut);
      syncHepRetransmissions({}, hep.retransmissions);
      syncHepIgnored({}, hep.ignored);
      if (hep.calls) {
        syncCallsKept({ reason: 'failed' }, hep.calls.keptFailed);
        syncCallsKept({ reason: 'unanswered' }, hep.calls.keptUnanswered);
        syncCallsKept({ reason: 'sampled' }, hep.calls.keptSampled);
        syncCallsOverBudget({}, hep.calls.overBudget);
      }
    }
  };

  return {
    registry,
    observeFlush(seconds, ok) {
      flushDuration.observe(seconds);
      if (!ok) flushFailures.inc();
    },
  };
}
