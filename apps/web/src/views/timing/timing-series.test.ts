import { describe, expect, it } from 'vitest';
import { formatClock } from '@sipwatch/wire/metrics';
import { T0, timingPoint } from '@sipwatch/testing';
import {
  hasTimedSteps,
  isLonePoint,
  maxDelay,
  peakOf,
  timingChartRows,
  timingPeaksText,
  timingStepText,
} from './timing-series';

const STEP = 15_000;

// Four steps: calls ringing in the first and the third only, a quiet one, and one with a busy
// call that never rang.
const SERIES = [
  timingPoint(T0, [1_800, 4_200, 40], [9_000, 21_000, 38]),
  timingPoint(T0 + STEP, [null, null, 0], [null, null, 0]),
  timingPoint(T0 + 2 * STEP, [2_400, 6_100, 12], [11_000, 30_500, 12]),
  timingPoint(T0 + 3 * STEP, [null, null, 0], [700, 900, 1]),
];

describe('timing chart rows', () => {
  it('keeps one row per step, oldest first, with each delay in its own row', () => {
    const rows = timingChartRows(SERIES);
    expect(rows.map((r) => r.t)).toEqual([T0, T0 + STEP, T0 + 2 * STEP, T0 + 3 * STEP]);
    expect(rows[0]).toEqual({
      t: T0,
      pddP50: 1_800,
      pddP95: 4_200,
      setupP50: 9_000,
      setupP95: 21_000,
      pddCount: 40,
      setupCount: 38,
    });
    expect(rows[2]).toMatchObject({ pddP95: 6_100, setupP95: 30_500, pddCount: 12 });
  });

  it('leaves a step without calls as a gap (null), never as zero', () => {
    const rows = timingChartRows(SERIES);
    expect(rows[1]).toEqual({
      t: T0 + STEP,
      pddP50: null,
      pddP95: null,
      setupP50: null,
      setupP95: null,
      pddCount: 0,
      setupCount: 0,
    });
    // A call that got an answer without ringing: setup time but no PDD.
    expect(rows[3]).toMatchObject({ pddP95: null, pddP50: null, setupP95: 900, setupP50: 700 });
  });

  it('treats a percentile without calls behind it as a gap too', () => {
    const [row] = timingChartRows([timingPoint(T0, [0, 0, 0], [5, Number.NaN, 2])]);
    expect(row).toMatchObject({ pddP50: null, pddP95: null, setupP50: 5, setupP95: null });
  });

  it('finds the highest delay on any line, for the top of the axis', () => {
    expect(maxDelay(timingChartRows(SERIES))).toBe(30_500);
    expect(maxDelay(timingChartRows([timingPoint(T0, [null, null, 0], [null, null, 0])]))).toBe(0);
  });

  it('says whether any step timed a call', () => {
    expect(hasTimedSteps(timingChartRows(SERIES))).toBe(true);
    const quiet = [timingPoint(T0, [null, null, 0], [null, null, 0])];
    expect(hasTimedSteps(timingChartRows(quiet))).toBe(false);
    expect(hasTimedSteps([])).toBe(false);
  });

  it('finds the points a line cannot draw: those between two gaps', () => {
    const rows = timingChartRows(SERIES);
    expect([0, 1, 2, 3].map((i) => isLonePoint(rows, i, 'pddP95'))).toEqual([true, false, true, false]);
    // Steps 2 and 3 join up for the setup time: a segment, not lone points.
    expect([0, 1, 2, 3].map((i) => isLonePoint(rows, i, 'setupP95'))).toEqual([true, false, false, false]);
  });
});

describe('timing chart in words', () => {
  it('names the highest p95 of each delay and its step', () => {
    const rows = timingChartRows(SERIES);
    expect(peakOf(rows, 'setupP95')).toEqual({ t: T0 + 2 * STEP, value: 30_500 });
    expect(timingPeaksText(rows)).toBe(
      `PDD p95 highest 6.1 s at ${formatClock(T0 + 2 * STEP)}, setup p95 highest 30.5 s at ${formatClock(T0 + 2 * STEP)}`,
    );
    const noRing = timingChartRows([timingPoint(T0, [null, null, 0], [700, 900, 1])]);
    expect(timingPeaksText(noRing)).toBe(`no call rang, setup p95 highest 900 ms at ${formatClock(T0)}`);
  });

  it('describes a step for the tooltip, with its calls', () => {
    const [busy, quiet, , single] = timingChartRows(SERIES);
    expect(timingStepText(busy!, 'pdd')).toBe('PDD p95 4.2 s, p50 1.8 s (40 calls rang)');
    expect(timingStepText(busy!, 'setup')).toBe('Setup p95 21 s, p50 9 s (38 calls)');
    expect(timingStepText(quiet!, 'pdd')).toBe('PDD: no call rang');
    expect(timingStepText(quiet!, 'setup')).toBe('Setup: no timed call');
    expect(timingStepText(single!, 'setup')).toBe('Setup p95 900 ms, p50 700 ms (1 call)');
  });
});
