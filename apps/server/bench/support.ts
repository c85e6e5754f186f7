import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import v8 from 'node:v8';
import { runInNewContext } from 'node:vm';
import { ManualClock } from '../src/clock.js';
import { parseConfig } from '../src/config.js';
import type { Config, ConfigInput } from '../src/config.js';
import { IngestStats } from '../src/intake/stats.js';
import { silentLogger } from '../src/logger.js';
import { Pipeline } from '../src/pipeline.js';
import { openSqliteStore } from '../src/store/sqlite-store.js';
import type { SqliteStore } from '../src/store/sqlite-store.js';

/** Helpers shared by the benches (figures are printed, never asserted). */

/**
 * A server of one bench: 127.0.0.1, free HTTP port, no syslog or HEP listeners, no demo, silent;
 * `input` on top (its `storage` replaces the default one).
 */
export function benchConfig(storage: ConfigInput['storage'], input: ConfigInput = {}): Config {
  return parseConfig({
    host: '127.0.0.1',
    logLevel: 'silent',
    http: { port: 0 },
    syslog: { port: 0, udp: false, tcp: false },
    hep: { port: 0, udp: false, tcp: false },
    storage,
    demo: { enabled: false },
    ...input,
  });
}

export function tempDir(prefix: string): { dir: string; cleanup(): void } {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

export function percentile(sorted: ArrayLike<number>, p: number): number {
  if (sorted.length === 0) return NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i]!;
}

export const mb = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

export function line(label: string, value: string, aim?: string): void {
  process.stdout.write(`  ${label.padEnd(44)} ${value.padStart(14)}${aim ? `   (aim: ${aim})` : ''}\n`);
}

/**
 * CPU time of the main thread alone, ms (Linux; NaN elsewhere): the event loop's work, without
 * the database writer thread, sender threads or the garbage collector's helper threads.
 */
export function mainThreadCpuMs(): number {
  try {
    const stat = readFileSync(`/proc/self/task/${process.pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // utime and stime (fields 14 and 15 of the line) in clock ticks of 10 ms.
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return NaN;
  }
}

/** Linux: datagrams dropped because a socket's receive buffer was full (all sockets); NaN elsewhere. */
export function udpReceiveBufferErrors(): number {
  try {
    const lines = readFileSync('/proc/net/snmp', 'utf8')
      .split('\n')
      .filter((l) => l.startsWith('Udp:'));
    const names = (lines[0] ?? '').split(/\s+/);
    const values = (lines[1] ?? '').split(/\s+/);
    return Number(values[names.indexOf('RcvbufErrors')]);
  } catch {
    return NaN;
  }
}

let collect: (() => void) | undefined;

/** A full garbage collection, so RSS figures are what is kept, not what awaits collection. */
export function gc(): void {
  if (!collect) {
    v8.setFlagsFromString('--expose-gc');
    collect = runInNewContext('gc') as () => void;
  }
  collect();
}

/**
 * Waits until `count()` reaches `expected`, or has not moved for `quietMs` (the rest is lost), or
 * `timeoutMs` passed; returns the count then.
 */
export async function settle(
  count: () => number,
  expected: number,
  { quietMs = 400, timeoutMs = 10_000 }: { quietMs?: number; timeoutMs?: number } = {},
): Promise<number> {
  let last = -1;
  let stableSince = Date.now();
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const n = count();
    if (n >= expected) return n;
    if (n !== last) {
      last = n;
      stableSince = Date.now();
    } else if (Date.now() - stableSince >= quietMs) return n;
    await new Promise((r) => setTimeout(r, 10));
  }
  return count();
}

/** The real pipeline on a SQLite file in `dir`, a ManualClock at `now`, loaded; no server around it. */
export function openPipeline(
  dir: string,
  config: ConfigInput,
  now: number,
): { pipeline: Pipeline; store: SqliteStore; clock: ManualClock } {
  const parsed = parseConfig({ ...config, storage: { dataDir: dir, ...config.storage }, logLevel: 'silent' });
  const clock = new ManualClock(now);
  const store = openSqliteStore(`${dir}/sipwatch.db`);
  const pipeline = new Pipeline({
    config: parsed,
    clock,
    logger: silentLogger,
    stats: new IngestStats(clock, 0),
    store,
  });
  pipeline.load();
  return { pipeline, store, clock };
}
