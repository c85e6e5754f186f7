import { describe, expect, it } from 'vitest';
import type { BacktestResult } from '@sipwatch/server/wire';
import { previewIntervals, previewNotes, previewSentence } from './preview-text';

const DAY = 86_400_000;
const base: BacktestResult = {
  from: 0,
  to: DAY,
  stepMs: 60_000,
  firings: 0,
  intervals: [],
  noDataSteps: 0,
  steps: 1440,
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
