import { describe, expect, it } from 'vitest';
import { alertView, explanation } from '@sipwatch/testing';
import type { ExplainedSlice } from '@sipwatch/wire';
import { utcClock } from '@sipwatch/wire';
import { nowBandModel } from './now-band';

const span = { from: 0, to: 180_000 };

function slice(s: Partial<ExplainedSlice> & Pick<ExplainedSlice, 'slice'>): ExplainedSlice {
  return {
    failures: 0,
    finals: 0,
    expected: 0,
    excess: 0,
    share: 0,
    rate: null,
    baselineRate: null,
    lift: null,
    onset: null,
    ...s,
  };
}

describe('the now band', () => {
  it('lists the slices worse than usual in the attribution order, with a rate a minute and the lift', () => {
    const e = explanation({
      window: span,
      verdict: 'slices',
      overall: { ...explanation().overall, excess: 140 },
      code: { code: 503, phrase: 'Service Unavailable', category: 'network', meaning: '', checks: [] },
      slices: [
        slice({
          slice: { code: 503, trunk: 'carrier-b' },
          failures: 111,
          excess: 108,
          share: 108 / 140,
          lift: 12.4,
        }),
        slice({
          slice: { code: 408, source: 'sbc-2' },
          failures: 32,
          excess: 32,
          share: 32 / 140,
          lift: null,
        }),
      ],
    });
    const m = nowBandModel(e, [alertView('storm', 'firing', 'critical')], utcClock);
    expect(m.status).toBe('slices');
    expect(m.slices.map((s) => [s.label, s.rate, s.usual, s.sharePercent])).toEqual([
      ['503 Service Unavailable from carrier-b', '37/min', '12× usual', 77],
      ['408 via sbc-2', '11/min', 'none usually', 23],
    ]);
    expect(m.firing).toEqual([{ name: 'rule storm', severity: 'critical' }]);
  });

  it('on a server too young for a baseline says "No baseline yet", not "none usually" or "of the rise"', () => {
    const e = explanation({
      window: span,
      verdict: 'slices',
      baseline: { kind: 'previous', from: -1_800_000, to: 0, covered: 0.1 },
      slices: [slice({ slice: { code: 503, trunk: 'carrier-b' }, failures: 40, excess: 40, share: 40 / 48 })],
    });
    const m = nowBandModel(e, [], utcClock);
    // Nothing is known to have risen: the band is not an alarm.
    expect(m.status).toBe('no-baseline');
    expect(m.slices.map((s) => [s.label, s.rate, s.usual, s.share])).toEqual([
      ['503 from carrier-b', '13/min', 'No baseline yet', '83% of failures'],
    ]);
    // An alert firing meanwhile makes the same slices the lead to follow.
    expect(nowBandModel(e, [alertView('storm', 'firing', 'critical')], utcClock).status).toBe('slices');
    const quiet = nowBandModel(
      explanation({ window: span, verdict: 'no-baseline', baseline: e.baseline }),
      [],
      utcClock,
    );
    expect(quiet).toMatchObject({
      status: 'no-baseline',
      headline: 'No baseline yet: sipwatch has not run long enough to know what is usual',
    });
  });

  it('says "All trunks normal" when nothing stands out and nothing fires', () => {
    expect(nowBandModel(explanation({ window: span }), [], utcClock)).toMatchObject({
      status: 'normal',
      headline: 'All trunks normal',
      slices: [],
      firing: [],
    });
    const firing = nowBandModel(explanation({ window: span }), [alertView('a', 'firing')], utcClock);
    expect(firing.headline).toBe('No slice stands out over the last minutes');
  });

  it('says a broad rise in words', () => {
    const e = explanation({
      window: span,
      verdict: 'broad',
      overall: { ...explanation().overall, lift: 2 },
    });
    expect(nowBandModel(e, [], utcClock)).toMatchObject({
      status: 'broad',
      headline: 'Failures up 2.0× across all trunks, no single slice stands out: look at the core',
    });
  });
});
