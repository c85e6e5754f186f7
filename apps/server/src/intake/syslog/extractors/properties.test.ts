import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { syslogFixture } from '../../../../test/fixtures/load.js';
import { HOSTILE_PIECES } from '../../../test-support/hostile-pieces.js';
import { asteriskChanSipExtractor, asteriskPjsipExtractor } from './asterisk.js';
import { audiocodesCdrExtractor } from './audiocodes.js';
import { freeswitchSofiaExtractor, sofiaNtaExtractor } from './freeswitch.js';
import { BUILTIN_EXTRACTORS, createExtractorChain } from './index.js';
import { accExtractor, keyValueExtractor } from './kv.js';
import { statusLineExtractor } from './status-line.js';
import type { Extracted, Extractor } from './types.js';
import { compileUserExtractor } from './user.js';

/**
 * Properties every extractor keeps on text built to hurt it: long runs of its anchoring
 * literals, quotes, `@`, `;`, `=` and repeated prefixes. It never throws; what the chain hands on
 * is bounded by syslog.maxExtractBytes; and a line it reads is still read with noise around it,
 * where its format allows noise (before the line, and after it where the line's end is marked).
 */

const USER = compileUserExtractor(
  { name: 'ended', pattern: 'call (?<callId>\\S+) ended (?<code>\\d{3})' },
  0,
);
const EVERY_EXTRACTOR: readonly Extractor[] = [USER, ...BUILTIN_EXTRACTORS];

/** A few pieces, each repeated up to 2,000 times: up to `max` characters of runs. */
const runs = (max: number) =>
  fc
    .array(fc.tuple(fc.constantFrom(...HOSTILE_PIECES), fc.integer({ min: 1, max: 2000 })), {
      minLength: 1,
      maxLength: 6,
    })
    .map((parts) =>
      parts
        .map(([piece, n]) => piece.repeat(n))
        .join('')
        .slice(0, max),
    );

const shortNoise = fc
  .array(fc.oneof(fc.constantFrom(...HOSTILE_PIECES), fc.string({ maxLength: 3 })), { maxLength: 12 })
  .map((parts) => parts.join(''));

const adversarial = fc.oneof(shortNoise, runs(64 * 1024));

/** `text` with every `forbidden` piece turned into a space, until none is left. */
function without(text: string, forbidden: readonly string[]): string {
  let out = text;
  for (let changed = true; changed;) {
    const before = out;
    for (const f of forbidden) out = out.split(f).join(' ');
    changed = out !== before;
  }
  return out;
}

interface Embedded {
  extractor: Extractor;
  line: string;
  found: Partial<Extracted>;
  /** What the noise may not hold: the extractor's own literals, or what would join the line. */
  forbidden: readonly string[];
  /** What may follow the line before noise; undefined when the line runs to the message's end. */
  after?: string;
}

const EMBEDDED: Embedded[] = [
  {
    extractor: USER,
    line: 'call u-1 ended 503',
    found: { code: '503', callId: 'u-1' },
    forbidden: ['call ', ' ended '],
    after: ' ',
  },
  {
    extractor: audiocodesCdrExtractor,
    line: syslogFixture(23),
    found: { code: 487, callId: '170369730753201211288@10.132.10.245', cancelled: true },
    forbidden: ['|', 'CALL_END'],
  },
  {
    extractor: accExtractor,
    line: 'ACC: call missed: method=INVITE;call_id=acc-1;code=486;reason=Busy Here',
    found: { code: 486, callId: 'acc-1', method: 'INVITE', scope: 'call' },
    forbidden: ['ACC:'],
  },
  {
    extractor: asteriskChanSipExtractor,
    line: 'Got SIP response 503 "Service Unavailable" back from 1.2.3.4:5060',
    found: { code: 503, reason: 'Service Unavailable' },
    // A line with a SecurityEvent is Asterisk's security log, never an outcome.
    forbidden: ['Got SIP response ', 'SecurityEvent='],
    after: ' ',
  },
  {
    extractor: asteriskPjsipExtractor,
    line: "Processing REGISTER response 408 from server 'sip:a'",
    found: { code: 408, method: 'REGISTER' },
    forbidden: ['Processing ', 'response', "'"],
    after: ' ',
  },
  {
    extractor: freeswitchSofiaExtractor,
    line: 'Ping failed gw1 with code 408',
    found: { code: 408, method: 'OPTIONS', trunk: 'gw1' },
    forbidden: ['Ping ', 'Failed Registration'],
    after: ' ',
  },
  {
    extractor: sofiaNtaExtractor,
    line: 'nta: received 480 Temporarily Unavailable for INVITE',
    found: { code: 480, reason: 'Temporarily Unavailable', method: 'INVITE' },
    forbidden: ['nta: received '],
    after: ' (1) ',
  },
  {
    extractor: statusLineExtractor,
    line: 'SIP/2.0 486 Busy Here',
    found: { code: 486, reason: 'Busy Here' },
    forbidden: ['SIP/2.0'],
    after: '\n',
  },
  {
    extractor: keyValueExtractor,
    line: 'rs=486 ci=kv-1',
    found: { code: 486, callId: 'kv-1' },
    // Noise with `=` would be key=value pairs of its own; the last value runs to the end.
    forbidden: ['=', 'code:', 'status:'],
  },
];

describe('every extractor on adversarial text (property)', () => {
  it.each(EVERY_EXTRACTOR.map((e) => [e.name, e] as const))('%s never throws', (_, extractor) => {
    fc.assert(
      fc.property(adversarial, (text) => {
        const found = extractor.extract(text);
        if (found) expect(String(found.code)).toMatch(/^[1-6]\d\d$/);
      }),
      { numRuns: 60 },
    );
  });

  it('the chain hands on fields no longer than syslog.maxExtractBytes, whatever the line', () => {
    const maxExtractBytes = 2048;
    const chain = createExtractorChain(
      [{ name: 'ended', pattern: 'call (?<callId>\\S+) ended (?<code>\\d{3})' }],
      maxExtractBytes,
    );
    const lines = fc.tuple(
      fc.constantFrom(...EMBEDDED.map((e) => e.line)),
      runs(64 * 1024),
      fc.constantFrom('', ' ', ';', '\n'),
    );
    fc.assert(
      fc.property(lines, ([line, run, glue]) => {
        const found = chain(line + glue + run)?.fields;
        for (const value of Object.values(found ?? {}))
          if (typeof value === 'string') expect(value.length).toBeLessThanOrEqual(maxExtractBytes);
      }),
      { numRuns: 80 },
    );
  });

  it.each(EMBEDDED.map((e) => [e.extractor.name, e] as const))(
    '%s still reads its line inside noise and runs of noise',
    (_, { extractor, line, found, forbidden, after }) => {
      const noise = fc.oneof(shortNoise, runs(16 * 1024)).map((n) => without(n, forbidden));
      fc.assert(
        fc.property(noise, noise, (before, rest) => {
          const text = `${before} ${line}${after === undefined ? '' : after + rest}`;
          expect(extractor.extract(text)).toMatchObject(found);
        }),
        { numRuns: 100 },
      );
    },
  );
});
