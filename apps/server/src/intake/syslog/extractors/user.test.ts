import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../../config.js';
import { compileUserExtractor } from './user.js';
import { createExtractorChain } from './index.js';

describe('compileUserExtractor', () => {
  it('reads named groups into event fields', () => {
    const ex = compileUserExtractor(
      {
        name: 'sbc-x',
        pattern: 'call (?<callId>\\S+) to (?<trunk>\\w+) ended (?<code>\\d{3}) (?<reason>.+)$',
        scope: 'call',
      },
      0,
    );
    expect(ex.name).toBe('user:sbc-x');
    expect(ex.extract('call abc@h to carrierB ended 503 Service Unavailable')).toEqual({
      code: '503',
      scope: 'call',
      callId: 'abc@h',
      trunk: 'carrierB',
      reason: 'Service Unavailable',
    });
    expect(ex.extract('nothing here')).toBeUndefined();
  });

  it('refuses an invalid pattern or one without a code group, naming the entry', () => {
    expect(() => compileUserExtractor({ name: 'broken', pattern: '(?<code>\\d{3}' }, 2)).toThrow(ConfigError);
    expect(() => compileUserExtractor({ name: 'broken', pattern: '(?<code>\\d{3}' }, 2)).toThrow(
      /syslog\.extractors\.2 \(broken\): invalid regular expression/,
    );
    expect(() => compileUserExtractor({ name: 'nocode', pattern: '(\\d{3})' }, 0)).toThrow(/named group/);
  });

  it('runs before the built-ins, so it can take over a line they would read', () => {
    const chain = createExtractorChain([{ name: 'mine', pattern: 'rs=(?<code>\\d{3})' }]);
    expect(chain('DEBUG rs=408')).toEqual({
      format: 'user:mine',
      fields: { code: '408', scope: 'transaction' },
    });
    expect(createExtractorChain()('DEBUG rs=408')?.format).toBe('kv');
  });
});
