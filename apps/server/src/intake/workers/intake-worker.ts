import { readFileSync } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import { createExtractorChain } from '../syslog/extractors/index.js';
import { ingestLogLine } from '../syslog/interpret.js';
import { collectingRecorder, configuredNormaliser } from '../intake.js';
import type { CollectingRecorder } from '../intake.js';
import { mapGeneric } from '../http/generic.js';
import { readJsonBatch } from '../http/json-batch.js';
import { encodeEvents, transferablesOf } from './event-codec.js';
import type { IntakeRequest, IntakeResult, IntakeWorkerData, JsonBatchJob, LinesJob } from './protocol.js';

/**
 * An intake worker: frames read on the event loop come here in batches, and go back as events in
 * columns (event-codec.ts) with the per-host counts and unparsed samples of the batch. The code
 * that reads them is the event loop's own (ingestLogLine, readJsonBatch, the normaliser), so the
 * counts are the same whichever thread reads.
 */

const { config } = workerData as IntakeWorkerData;
const port = parentPort!;
const normalise = configuredNormaliser(config);
const chain = createExtractorChain(config.syslog.extractors, config.syslog.maxExtractBytes);
const mask = config.ingest.maskUserParts;

function readLines(job: LinesJob, recorder: CollectingRecorder): number {
  const bytes = Buffer.from(job.bytes.buffer, job.bytes.byteOffset, job.bytes.byteLength);
  let failures = 0;
  let start = 0;
  for (let i = 0; i < job.ends.length; i++) {
    const end = job.ends[i]!;
    const peer = job.peers[job.peerOf[i]!]!;
    try {
      ingestLogLine(recorder, bytes.toString('utf8', start, end), {
        channel: 'syslog',
        peer,
        receivedAt: job.receivedAt[i]!,
        chain,
        normalise,
      });
    } catch {
      failures++;
    }
    start = end;
  }
  return failures;
}

function readJson(job: JsonBatchJob, recorder: CollectingRecorder): IntakeResult['reply'] {
  const mapping = job.mapping === undefined ? undefined : config.ingest.mappings[job.mapping];
  const toInput = mapping ? (value: unknown) => mapGeneric(value, mapping) : (value: unknown) => value;
  return readJsonBatch(job.request, toInput, recorder);
}

/** utime + stime of this thread, ms (Linux; NaN elsewhere). */
function threadCpuMs(): number {
  try {
    const stat = readFileSync('/proc/thread-self/stat', 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return NaN;
  }
}

port.on('message', (req: IntakeRequest) => {
  const unparsed: string[] = [];
  const recorder = collectingRecorder(normalise, mask, (host, sample) => unparsed.push(host, sample));
  let failures = 0;
  let reply: IntakeResult['reply'];
  let cpuMs: number | undefined;
  if (req.kind === 'lines') failures = readLines(req, recorder);
  else if (req.kind === 'json-batch') {
    try {
      reply = readJson(req, recorder);
    } catch {
      failures++;
    }
  } else if (req.kind === 'hold') Atomics.wait(req.flag, 0, 0);
  else cpuMs = threadCpuMs();
  const events = encodeEvents(recorder.events);
  const result: IntakeResult = {
    id: req.id,
    events,
    tallies: recorder.tallies(),
    unparsed,
    failures,
    ...(reply && { reply }),
    ...(cpuMs !== undefined && { cpuMs }),
  };
  port.postMessage(result, transferablesOf(events));
});
