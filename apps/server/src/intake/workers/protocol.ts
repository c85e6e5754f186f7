import type { Config } from '../../config.js';
import type { BatchTallies } from '../intake.js';
import type { JsonBatchReply, JsonBatchRequest } from '../http/json-batch.js';
import type { EncodedEvents } from './event-codec.js';

/** The messages between the event loop (pool.ts) and an intake worker (intake-worker.ts). */

export interface IntakeWorkerData {
  config: Config;
}

/**
 * Syslog messages read in one turn: their bytes back to back (`ends[i]` is where message i ends),
 * the peer and receive time of each. The buffers are transferred.
 */
export interface LinesJob {
  kind: 'lines';
  bytes: Uint8Array;
  ends: Int32Array;
  peers: string[];
  peerOf: Int32Array;
  receivedAt: Float64Array;
}

/** One posted JSON or NDJSON batch; `mapping` names an ingest.mappings entry (generic webhooks). */
export interface JsonBatchJob {
  kind: 'json-batch';
  request: JsonBatchRequest;
  mapping?: string;
}

/** The CPU time the thread has used (for the bench). */
export interface CpuJob {
  kind: 'cpu';
}

/** Tests only: the thread waits until `flag` turns non-zero (see IntakePool.hold). */
export interface HoldJob {
  kind: 'hold';
  flag: Int32Array;
}

export type IntakeJob = LinesJob | JsonBatchJob | CpuJob | HoldJob;

export type IntakeRequest = IntakeJob & { id: number };

export interface IntakeResult {
  id: number;
  events: EncodedEvents;
  tallies: BatchTallies;
  /** Unparsed lines as [host, sample] pairs, already cut and masked. */
  unparsed: string[];
  /** Messages whose processing threw (logged by the event loop). */
  failures: number;
  /** A json-batch job's answer. */
  reply?: JsonBatchReply;
  /** A cpu job's answer: ms of CPU this thread used. */
  cpuMs?: number;
}

/** The worker could not load its code. */
export interface IntakeFatal {
  id: 0;
  fatal: string;
}
