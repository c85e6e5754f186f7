import { describe, expect, it } from 'vitest';
import { baseline, kpis, summary } from '@sipwatch/testing';
import { biggestSpike, describePoints, describeRatio, pickBaseline } from './baseline';

describe('baseline', () => {
  it('prefers yesterday when it had traffic, else an hour ago, else none', () => {
    const yesterday = baseline({ kpis: kpis({ responses: 10 }) });
    const hour = baseline({ kpis: kpis({ responses: 5 }) });
    expect(pickBaseline(summary({ baseline: { dayAgo: yesterday, hourAgo: hour } }))?.label).toBe(
      'same time yesterday',
    );
    expect(pickBaseline(summary({ baseline: { dayAgo: baseline(), hourAgo: hour } }))?.label).toBe(
      'an hour ago',
    );
    expect(pickBaseline(summary())).toBeNull();
  });

  it('names the failure code that grew most: "503s 12× usual"', () => {
    const spike = biggestSpike({ 503: 120, 486: 30 }, { 503: 10, 486: 20 });
    expect(spike?.text).toBe('503s 12× usual');
    expect(biggestSpike({ 404: 6 }, {})?.text).toBe('404s new (none usually)');
    expect(biggestSpike({ 503: 3 }, { 503: 1 })).toBeNull();
    expect(biggestSpike({ 503: 300 }, undefined)).toBeNull();
  });

  it('describes changes in words', () => {
    expect(describeRatio(2.5)).toBe('2.5× usual');
    expect(describeRatio(1.01)).toBe('as usual');
    expect(describeRatio(0.5)).toBe('50% below usual');
    expect(describePoints(4.25)).toBe('+4.3 pp vs usual');
    expect(describePoints(-1)).toBe('−1.0 pp vs usual');
  });
});
