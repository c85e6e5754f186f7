import fc from 'fast-check';
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

  it('reads a line in time linear in its length even with a pattern that backtracks exponentially', () => {
    // `(\w+\s?)*$` takes a backtracking engine 2^n steps on a run of n letters that ends badly.
    const ex = compileUserExtractor({ name: 'evil', pattern: '^(?<code>\\d{3}) (?:\\w+\\s?)*$' }, 0);
    expect(ex.extract(`486 ${'a'.repeat(8000)}!`)).toBeUndefined();
    expect(ex.extract(`486 ${'ab '.repeat(2000)}`)).toEqual({ code: '486', scope: 'transaction' });
  });

  it('refuses at start what cannot run in linear time, naming the pattern and why', () => {
    for (const pattern of [
      '(?<code>\\d{3})(?= ok)',
      '(?<q>["\'])(?<code>\\d{3})\\k<q>',
      '(?<=rs=)(?<code>\\d{3})',
    ])
      expect(() => compileUserExtractor({ name: 'fancy', pattern }, 1)).toThrow(
        `syslog.extractors.1 (fancy): uses what cannot run in time linear in the line`,
      );
    expect(() => compileUserExtractor({ name: 'fancy', pattern: '(?<code>\\d{3})(?= ok)' }, 1)).toThrow(
      '(pattern "(?<code>\\\\d{3})(?= ok)")',
    );
  });

  it('takes the flags and JavaScript syntax the config file is written in', () => {
    const ex = compileUserExtractor(
      {
        name: 'js',
        pattern: 'STATUS[:=]\\s*(?<code>[1-6]\\d{2})\\b(?:\\s+(?<reason>\\p{L}[\\p{L} ]*))?',
        flags: 'iu',
      },
      0,
    );
    expect(ex.extract('call status= 503 Dienst nicht verfügbar')).toEqual({
      code: '503',
      scope: 'transaction',
      reason: 'Dienst nicht verfügbar',
    });
  });

  it('reads what the JavaScript engine reads, for patterns both can run (property)', () => {
    const patterns = [
      'rs=(?<code>\\d{3})(?: (?<reason>[^;]+))?',
      'call (?<callId>\\S+) via (?<trunk>\\S+) ended (?<code>\\d{3})(?: (?<reason>.+))?$',
      '(?<code>[1-6]\\d\\d) (?<method>[A-Z]+)\\b',
      '^(?<trunk>\\w+)[:|](?<code>\\d{3})',
    ];
    const text = fc
      .array(
        fc.oneof(
          fc.constantFrom(
            'rs=',
            'call ',
            ' via ',
            ' ended ',
            '486',
            '503',
            ' ',
            ';',
            ':',
            '|',
            'INVITE',
            'gw1',
            'x',
          ),
          fc.string({ unit: fc.constantFrom(...'abAB09 _-;:|=\t\n'.split('')), maxLength: 4 }),
        ),
        { maxLength: 20 },
      )
      .map((parts) => parts.join(''));
    fc.assert(
      fc.property(fc.constantFrom(...patterns), text, (pattern, line) => {
        const mine = compileUserExtractor({ name: 'p', pattern }, 0).extract(line);
        const groups = new RegExp(pattern).exec(line)?.groups;
        if (!groups) {
          expect(mine).toBeUndefined();
          return;
        }
        const expected: Record<string, string> = { scope: 'transaction' };
        for (const [k, v] of Object.entries(groups)) if (v) expected[k] = v;
        expect(mine).toEqual(expected);
      }),
      { numRuns: 1000 },
    );
  });
});
