import { describe, expect, it } from 'vitest';
import type { BacktestResult } from '@sipwatch/wire';
import type { PreviewedRule } from './preview-text';
import {
  chartStart,
  flappingAdvice,
  previewIntervals,
  previewNotes,
  previewPeak,
  previewResolution,
  previewSentence,
} from './preview-text';

const DAY = 86_400_000;
const base: BacktestResult = {
  from: 0,
  to: DAY,
  stepMs: 60_000,
  firings: 0,
  intervals: [],
  noDataSteps: 0,
  steps: 1440,
  points: [],
  peak: null,
};
const MIN = 60_000;
const rule: PreviewedRule = {
  metric: 'failure_rate',
  comparison: 'gt',
  threshold: 0.2,
  pendingFor: '1m',
  keepFiringFor: '0s',
};

describe('the preview in words', () => {
  it('says how often the rule would have fired on the last 24 hours', () => {
    expect(previewSentence(base)).toBe('On the last 24 hours this rule would have fired 0 times.');
    expect(previewSentence({ ...base, firings: 1 })).toBe(
      'On the last 24 hours this rule would have fired 1 time.',
    );
    expect(previewSentence({ ...base, firings: 3 })).toBe(
      'On the last 24 hours this rule would have fired 3 times.',
    );
    // A call-timing rule replays the live window, an hour by default.
    expect(previewSentence({ ...base, to: DAY / 24, steps: 60, firings: 2 })).toBe(
      'On the last hour this rule would have fired 2 times.',
    );
  });

  it('notes a rule still firing and minutes without data', () => {
    const r = { ...base, firings: 1, intervals: [{ from: 60_000, to: null }], noDataSteps: 100 };
    expect(previewNotes(r)).toEqual([
      'It would be firing now.',
      '100 of 1440 minutes had no data or less traffic than the minimum volume.',
    ]);
    expect(previewNotes({ ...base, noDataSteps: 1440 })[0]).toMatch(
      /^There was no data .* any of the 1440 minutes/,
    );
    expect(previewIntervals(r)[0]).toMatch(/ – still firing$/);
  });
});

describe('the preview against the threshold', () => {
  it('gives the peak and, when nothing fired, why the minutes past the threshold did not count', () => {
    const points = [0.1, 0.25, 0.1, 0.31, 0.05].map((value, i) => ({ at: (i + 1) * MIN, value }));
    const r = { ...base, points, peak: { at: 4 * MIN, value: 0.31 } };
    const lines = previewPeak(r, { ...rule, pendingFor: '2m' });
    expect(lines[0]).toMatch(/^Peak 31\.0% at .*, against a threshold of 20\.0%\.$/);
    expect(lines[1]).toBe(
      '2 minutes were past the threshold, none for as long as the pending time (2m), so it would not have fired.',
    );
    expect(previewPeak({ ...r, firings: 1 }, rule)).toHaveLength(1);
    expect(previewPeak(base, rule)).toEqual([]);
  });

  it('says when a pending or keep-firing time is finer than the replay', () => {
    expect(previewResolution(base, rule)).toBeNull();
    expect(previewResolution(base, { ...rule, pendingFor: '30s' })).toMatch(
      /one minute at a time, so a pending time of 30s acts as whole minutes here/,
    );
    expect(previewResolution(base, { ...rule, keepFiringFor: '90s' })).toMatch(/keep firing for 90s/);
  });

  it('spots flapping and gives the keep-firing time that would have joined the firings', () => {
    // Four firings of 2 minutes, 3, 4 and 30 minutes apart: three came back within 15 minutes.
    const at = [0, 5, 12, 46].map((m) => m * MIN);
    const intervals = at.map((from) => ({ from, to: from + 2 * MIN }));
    const r = { ...base, firings: 4, intervals };
    expect(flappingAdvice(r, rule)).toBe(
      'This rule flaps: 3 of its 4 firings came back within 15 minutes of the one before. ' +
        '"Keep firing for 6m" would have made them 2 firings. ' +
        'A recovery threshold also helps: with "Recover at" 16.0%, the value must fall back below it to resolve.',
    );
    expect(flappingAdvice(r, { ...rule, recoverAt: 0.15 })).not.toMatch(/Recover at/);
    // Firings hours apart are separate incidents, not flapping.
    const apart = at.map((m) => ({ from: m * 60, to: m * 60 + 2 * MIN }));
    expect(flappingAdvice({ ...base, firings: 4, intervals: apart }, rule)).toBeNull();
    expect(flappingAdvice({ ...base, firings: 2, intervals: intervals.slice(0, 2) }, rule)).toBeNull();
  });
});

describe('where the preview chart starts', () => {
  const points = (firstWithData: number) =>
    Array.from({ length: 1440 }, (_, i) => ({
      at: (i + 1) * MIN,
      value: i + 1 >= firstWithData ? 0.1 : null,
    }));
  it('at the replay start, unless most of the day has no data: then shortly before the first minute with data', () => {
    expect(chartStart({ ...base, points: points(1) })).toBe(0);
    expect(chartStart({ ...base, points: points(300) })).toBe(0);
    // Data in the last 20 minutes only: 10 minutes of margin before it.
    expect(chartStart({ ...base, points: points(1421) })).toBe(1411 * MIN);
    // Data in the last 10 hours: a tenth of that before it.
    expect(chartStart({ ...base, points: points(841) })).toBe(781 * MIN);
    expect(chartStart(base)).toBe(0);
  });
});
