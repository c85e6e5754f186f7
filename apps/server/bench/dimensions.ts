import { dimensionName } from '../src/core/names.js';
import { truncateChars } from '../src/intake/normalise-text.js';
import { parseSyslog } from '../src/intake/syslog/header.js';
import type { SipEvent } from '@sipwatch/wire';
import { startLiveApp } from '../src/test-support/live-app.js';
import { sendUdp } from '../src/test-support/udp.js';
import { gc, line, mb, openPipeline, settle, tempDir } from './support.js';

/**
 * Issue 12's table and time limits, measured: (1) heap kept by 10,000 host names read from syslog
 * headers, kept as a slice of the message (what a plain cut does in V8) and as a name of its own
 * (core/names.ts); (2) heap a real server keeps after 10,000 syslog lines each from a different
 * 60 KiB host name, against the same lines from one short host; (3) the longest flush after 43,200 distinct past minutes arrive at once, with
 * storage.pastMinutesPerFlush at its default (1,000) and uncapped.
 */

const HOSTS = 10_000;
const MINUTES = 43_200;
const T0 = Date.UTC(2025, 0, 6, 12, 0, 0);

function heapKeptBy(keep: (host: string) => string, hostOf: (i: number) => string): number {
  gc();
  const before = process.memoryUsage().heapUsed;
  const kept: string[] = [];
  for (let i = 0; i < HOSTS; i++) {
    const message = `<134>1 2025-01-06T12:00:00Z ${hostOf(i)} kamailio - - - reply: rs=503 ci=c${i} ${'x'.repeat(2048)}`;
    kept.push(keep(parseSyslog(message).hostname!));
  }
  gc();
  const after = process.memoryUsage().heapUsed;
  if (kept.length !== HOSTS) throw new Error('unreachable');
  return after - before;
}

function hostNames(): void {
  process.stdout.write(`host names: heap kept by ${HOSTS.toLocaleString('en')} names (after a full GC)\n`);
  const long = (i: number): string => `h${i}-${'a'.repeat(8 * 1024)}`;
  const short = (i: number): string => `sbc-${i}.example.net`;
  const sliced = heapKeptBy((h) => truncateChars(h, 128), long);
  const copied = heapKeptBy(dimensionName, long);
  line('8 KiB names cut to 128 chars, a slice', mb(sliced));
  line('8 KiB names cut to 128 chars, own copy', mb(copied));
  line('ratio slice / copy', `${(sliced / copied).toFixed(1)}×`);
  const shortSliced = heapKeptBy((h) => h, short);
  const shortCopied = heapKeptBy(dimensionName, short);
  line('short names from 2 KiB lines, a slice', mb(shortSliced));
  line('short names from 2 KiB lines, own copy', mb(shortCopied));
  line('ratio slice / copy', `${(shortSliced / shortCopied).toFixed(1)}×`);
}

function pastMinutes(perFlush: number): { longest: number; total: number; flushes: number } {
  const tmp = tempDir('sipwatch-bench-dims-');
  try {
    const now = T0 + 40 * 86_400_000;
    const { pipeline, store } = openPipeline(
      tmp.dir,
      { storage: { pastMinutesPerFlush: perFlush }, aggregation: { retentionDays: 31 } },
      now,
    );
    const events: SipEvent[] = Array.from({ length: MINUTES }, (_, i) => ({
      ts: now - (i + 100) * 60_000,
      receivedAt: now,
      code: 200,
      method: 'INVITE',
      scope: 'transaction',
      callId: `p${i}`,
      trunk: `trunk-${i % 50}`,
      source: { channel: 'http', format: 'json', host: 'pbx-1' },
    }));
    pipeline.ingest(events);
    let longest = 0;
    let total = 0;
    let flushes = 0;
    while (pipeline.aggregator.pendingPastMinutes > 0) {
      const result = pipeline.flush();
      longest = Math.max(longest, result.durationMs);
      total += result.durationMs;
      flushes++;
    }
    store.close();
    return { longest, total, flushes };
  } finally {
    tmp.cleanup();
  }
}

function flushes(): void {
  process.stdout.write(`past minutes: ${MINUTES.toLocaleString('en')} distinct minutes arrive at once\n`);
  const capped = pastMinutes(1000);
  const uncapped = pastMinutes(1_000_000);
  line('capped (1,000 a flush): flushes', String(capped.flushes));
  line('capped: longest flush', `${capped.longest.toFixed(0)} ms`);
  line('capped: all flushes together', `${capped.total.toFixed(0)} ms`);
  line('uncapped: one flush', `${uncapped.longest.toFixed(0)} ms`);
  line('ratio longest uncapped / capped', `${(uncapped.longest / capped.longest).toFixed(1)}×`);
}

/** Heap the server keeps after HOSTS syslog datagrams from hostOf(i), after a full GC. */
async function serverHeapAfter(hostOf: (i: number) => string): Promise<{ kept: number; accepted: number }> {
  const tmp = tempDir('sipwatch-bench-dims-');
  const live = await startLiveApp(tmp.dir);
  try {
    let accepted = 0;
    live.app.onAccepted((events) => (accepted += events.length));
    gc();
    const before = process.memoryUsage().heapUsed;
    const stamp = new Date(live.clock.now()).toISOString();
    for (let i = 0; i < HOSTS; i += 50) {
      const lines = Array.from(
        { length: 50 },
        (_, j) => `<134>1 ${stamp} ${hostOf(i + j)} kamailio - - - reply: rs=503 rm=INVITE ci=c${i + j} cs=1`,
      );
      await sendUdp(live.ports.syslogUdp!, lines);
      await settle(() => accepted, i + 50, { quietMs: 200 });
    }
    live.app.flushNow();
    gc();
    return { kept: process.memoryUsage().heapUsed - before, accepted };
  } finally {
    await live.stop();
    tmp.cleanup();
  }
}

async function serverHeap(): Promise<void> {
  process.stdout.write(`server: ${HOSTS.toLocaleString('en')} syslog lines over UDP, heap kept (full GC)
`);
  const short = await serverHeapAfter(() => 'sbc-1');
  const long = await serverHeapAfter((i) => `h${i}-${'a'.repeat(60 * 1024)}`);
  line('one short host name', `${mb(short.kept)} (${short.accepted} lines)`);
  line('a different 60 KiB host name each', `${mb(long.kept)} (${long.accepted} lines)`);
  line('the lines themselves (a byte a character)', mb(HOSTS * 60 * 1024));
}

export async function run(): Promise<void> {
  hostNames();
  await serverHeap();
  flushes();
}
