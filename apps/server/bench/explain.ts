import { DAY_MS, HOUR_MS, NOW_SPAN_MS } from '@sipwatch/wire';
import type { SipEvent } from '@sipwatch/wire';
import { QueryService } from '../src/api/queries.js';
import { ManualClock } from '../src/clock.js';
import { Aggregator } from '../src/core/aggregator.js';
import { DEFAULT_RULES } from '../src/core/outcome.js';
import { minGapFor, RunHistory } from '../src/core/run-gaps.js';
import { seededRandom } from './db-size.js';
import { line, mainThreadCpuMs } from './support.js';

/**
 * Issue 16's aim: an explanation fast enough to run every few seconds on the live window. 500
 * trunks × 40 codes × 4 sources × 2 methods, 1,000 responses a second over the 5-minute window and
 * the same an hour before, a 503 storm on one trunk in the last two minutes; the time of one
 * `/explain` (all its work: gathering the tables, the baseline check, attribution, onsets) against
 * one `/summary` of the same window (what the overview already asks for every few seconds).
 */

const TRUNKS = 500;
const CODES = [
  200, 180, 183, 100, 202, 301, 302, 400, 403, 404, 405, 406, 408, 410, 413, 415, 420, 480, 481, 482, 483,
  484, 485, 486, 487, 488, 491, 500, 501, 502, 503, 504, 505, 513, 580, 600, 603, 604, 606, 401,
];
const SOURCES = ['sbc-east', 'sbc-west', 'sbc-north', 'sbc-south'];
const METHODS = ['INVITE', 'BYE'];
const PER_SECOND = 1000;
const WINDOW_MS = 300_000;
const RUNS = 20;

export async function run(): Promise<void> {
  const now = Date.UTC(2025, 0, 6, 12, 0, 0);
  const agg = new Aggregator({
    liveSeconds: 3600,
    retentionDays: 30,
    maxTrunks: TRUNKS + 10,
    maxSources: 100,
    rules: DEFAULT_RULES,
    minuteMemory: 70,
  });
  const random = seededRandom(16);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
  // Mostly 200s; the other codes evenly, so every trunk × code cell is there.
  const code = (): number => (random() < 0.6 ? 200 : pick(CODES));
  const traffic = (from: number, storm: boolean): SipEvent[] => {
    const out: SipEvent[] = [];
    for (let s = 0; s < WINDOW_MS / 1000; s++) {
      for (let i = 0; i < PER_SECOND; i++) {
        const ts = from + s * 1000 + Math.floor((i * 1000) / PER_SECOND);
        out.push(event(ts, code(), `trunk-${Math.floor(random() * TRUNKS)}`, pick(SOURCES), pick(METHODS)));
      }
      if (storm && s >= 180)
        for (let i = 0; i < 20; i++)
          out.push(event(from + s * 1000 + i, 503, 'trunk-17', 'sbc-east', 'INVITE'));
    }
    return out;
  };
  agg.add(traffic(now - HOUR_MS - WINDOW_MS, false), now - HOUR_MS);
  agg.add(traffic(now - WINDOW_MS, true), now);
  const queries = new QueryService(
    agg,
    { readRollups: (asked) => asked.map(() => []) },
    new ManualClock(now),
    // A server that ran through the whole day before.
    new RunHistory([], { id: 1, start: now - 2 * DAY_MS }, minGapFor(1000)),
  );
  const cells = queries.cover(now - WINDOW_MS, now).tables.reduce((n, t) => n + t.size, 0);
  process.stdout.write(
    `explain: ${TRUNKS} trunks × ${CODES.length} codes × ${SOURCES.length} sources × ${METHODS.length} methods, ` +
      `${PER_SECOND}/s over 5 minutes and an hour before; ${cells.toLocaleString('en')} cells in the window's tables\n`,
  );

  const explainMs = timed(() => queries.explain(now - WINDOW_MS, now, 'hour', {}));
  const summaryMs = timed(() => queries.summary(now - WINDOW_MS, now, {}));
  // What every wall and overview asks for every 2 s (the route answers each second once for all).
  const nowMs = timed(() => queries.explain(now - NOW_SPAN_MS, now, 'hour', {}));
  const e = queries.explain(now - WINDOW_MS, now, 'hour', {});
  line('top line', e.line.slice(0, 60));
  line(
    '/explain, 5 minutes, median',
    `${explainMs.median.toFixed(1)} ms`,
    'well under the few seconds between runs',
  );
  line('/explain, 5 minutes, slowest', `${explainMs.max.toFixed(1)} ms`);
  line('/explain, main-thread CPU per run', `${explainMs.cpu.toFixed(0)} ms`);
  line('/summary, same window, median (baseline)', `${summaryMs.median.toFixed(1)} ms`);
  line('/summary, main-thread CPU per run', `${summaryMs.cpu.toFixed(0)} ms`);
  line('/explain, the now band (3 minutes), median', `${nowMs.median.toFixed(1)} ms`);
  line('/explain, the now band, main-thread CPU per run', `${nowMs.cpu.toFixed(0)} ms`);
  line('ratio explain / summary, wall', `${(explainMs.median / summaryMs.median).toFixed(2)}×`);
  line('ratio explain / summary, CPU', `${(explainMs.cpu / summaryMs.cpu).toFixed(2)}×`);
}

function event(ts: number, code: number, trunk: string, host: string, method: string): SipEvent {
  return {
    ts,
    receivedAt: ts,
    scope: 'transaction',
    method,
    code,
    trunk,
    source: { channel: 'syslog', format: 'kv', host },
  };
}

/** Wall time per run (median, slowest) and the main thread's CPU time per run (10 ms ticks, averaged). */
function timed(fn: () => unknown): { median: number; max: number; cpu: number } {
  fn();
  const times: number[] = [];
  const cpuBefore = mainThreadCpuMs();
  for (let i = 0; i < RUNS; i++) {
    const start = performance.now();
    fn();
    times.push(performance.now() - start);
  }
  const cpu = (mainThreadCpuMs() - cpuBefore) / RUNS;
  times.sort((a, b) => a - b);
  return { median: times[Math.floor(times.length / 2)]!, max: times[times.length - 1]!, cpu };
}
