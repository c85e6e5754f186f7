import { describe, expect, it } from 'vitest';
import { didYouMean } from './did-you-mean';

const trunks = ['carrier-a', 'carrier-b', 'carrier-c', 'pbx-hq', 'sbc-west'];

describe('did you mean', () => {
  it('finds the seen name a typo or other punctuation meant', () => {
    expect(didYouMean('carrier_c', trunks)).toBe('carrier-c');
    expect(didYouMean('Carrier-C', trunks)).toBe('carrier-c');
    expect(didYouMean('sbc-wst', trunks)).toBe('sbc-west');
    expect(didYouMean('pbxhq', trunks)).toBe('pbx-hq');
  });

  it('stays quiet for a seen name, an empty field, or a name far from every seen one', () => {
    expect(didYouMean('carrier-b', trunks)).toBeNull();
    expect(didYouMean('  ', trunks)).toBeNull();
    expect(didYouMean('new-trunk-7', trunks)).toBeNull();
    expect(didYouMean('carrier-c', [])).toBeNull();
  });
});
