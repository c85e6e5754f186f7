import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  asteriskChanSipRegex,
  asteriskPjsipRegex,
  freeswitchSofiaRegex,
  parseKeyValuesRegex,
  sofiaNtaRegex,
  statusLineRegex,
} from '../../../test-support/regex-extractors.js';
import { HOSTILE_PIECES as PIECES } from '../../../test-support/hostile-pieces.js';
import { asteriskChanSipExtractor, asteriskPjsipExtractor } from './asterisk.js';
import { freeswitchSofiaExtractor, sofiaNtaExtractor } from './freeswitch.js';
import { BUILTIN_EXTRACTORS, createExtractorChain } from './index.js';
import { parseKeyValues } from './kv.js';
import { statusLineExtractor } from './status-line.js';
import type { Extractor } from './types.js';

/** Lines each extractor reads, to be cut up and spliced: most random text matches nothing. */
const TEMPLATES = [
  'Ping failed gw1 with code 408',
  'Ping succeeded gw-2 with code 200.',
  'gw1 Failed Registration with status Forbidden [403]. failure #2',
  'carrier Failed Registration with status  [-5]',
  'nta: received 480 Temporarily Unavailable for INVITE (1)',
  'nta: received 200  for BYE',
  'Got SIP response 503 "Service Unavailable" back from 1.2.3.4:5060',
  'Got SIP response 404 "Not Found" back from [2001:db8::7]:5060',
  "Processing REGISTER response 408 from server 'sip:a'",
  "Fatal response '403' received from 'sip:a' on registration attempt to 'sip:b'",
  "Temporal response '503' received from '' on registration attempt",
  'SIP/2.0 486 Busy Here\nCall-ID: a@b\nCSeq: 1 INVITE\nFrom: <sip:a@b>;tag=1\nTo: x',
  'relayed SIP/2.0 180 Ringing\r\nt : y\r\ni:\tid\r\n\r\n',
  'rs=486 reason=Busy Here;; ci="id, 1" , cs=2',
] as const;

const piece = fc.oneof(fc.constantFrom(...PIECES), fc.string({ maxLength: 3 }));

/** A template with a few random cuts and insertions. */
const mutated = fc
  .tuple(
    fc.constantFrom(...TEMPLATES),
    fc.array(fc.tuple(fc.nat(), fc.nat({ max: 4 }), fc.oneof(piece, fc.constant(''))), { maxLength: 3 }),
  )
  .map(([template, edits]) =>
    edits.reduce<string>((text, [at, cut, insert]) => {
      const i = at % (text.length + 1);
      return text.slice(0, i) + insert + text.slice(i + cut);
    }, template),
  );

const hostileText = fc.array(fc.oneof(piece, mutated), { maxLength: 12 }).map((parts) => parts.join(''));

/** A long line: a few pieces repeated up to ~64 KiB, the shape of the attacks on backtracking. */
const longHostileText = fc
  .tuple(
    fc.array(fc.constantFrom(...PIECES), { minLength: 1, maxLength: 4 }),
    fc.array(fc.constantFrom(...PIECES), { minLength: 1, maxLength: 3 }),
    fc.integer({ min: 1000, max: 64 * 1024 }),
  )
  .map(([head, unit, size]) => {
    const start = head.join('');
    const piece = unit.join('');
    return (start + piece.repeat(Math.ceil(size / piece.length))).slice(0, 64 * 1024);
  });

const PAIRS: [string, Extractor, Extractor][] = [
  ['freeswitch-sofia', freeswitchSofiaExtractor, freeswitchSofiaRegex],
  ['sofia-sip', sofiaNtaExtractor, sofiaNtaRegex],
  ['asterisk-chan-sip', asteriskChanSipExtractor, asteriskChanSipRegex],
  ['asterisk-pjsip', asteriskPjsipExtractor, asteriskPjsipRegex],
  ['sip-status-line', statusLineExtractor, statusLineRegex],
];

describe('the built-in extractors on hostile text', () => {
  it.each(PAIRS)('%s reads exactly what its former regular expression read (property)', (_, mine, regex) => {
    fc.assert(
      fc.property(hostileText, (text) => {
        expect(mine.extract(text)).toEqual(regex.extract(text));
      }),
      { numRuns: 2000 },
    );
  });

  it('the key=value reader splits exactly as before (property)', () => {
    fc.assert(
      fc.property(hostileText, (text) => {
        expect(parseKeyValues(text)).toEqual(parseKeyValuesRegex(text));
      }),
      { numRuns: 2000 },
    );
  });

  it('every extractor reads a 64 KiB line built to make backtracking explode (property)', () => {
    fc.assert(
      fc.property(longHostileText, (text) => {
        for (const extractor of BUILTIN_EXTRACTORS) {
          const found = extractor.extract(text);
          if (found) expect(String(found.code)).toMatch(/^[1-6]\d\d$/);
        }
      }),
      { numRuns: 30 },
    );
  });

  it('reads the worst cases found for the former regular expressions', () => {
    const B = 'B'.repeat(65_000);
    expect(freeswitchSofiaExtractor.extract(`x Failed Registration ${B}`)).toBeUndefined();
    const repeated = 'a Failed Registration with status '.repeat(1800);
    expect(freeswitchSofiaExtractor.extract(`${repeated}[403]`)).toEqual({
      code: 403,
      reason: repeated.slice('a Failed Registration with status '.length).trim(),
      method: 'REGISTER',
      trunk: 'a',
    });
    expect(sofiaNtaExtractor.extract(`${'nta: received 480 '.repeat(3500)} for INVITE`)).toMatchObject({
      code: 480,
      method: 'INVITE',
    });
    expect(
      asteriskChanSipExtractor.extract('Got SIP response 503 "" back from ['.repeat(1700)),
    ).toMatchObject({
      code: 503,
    });
    expect(asteriskPjsipExtractor.extract(`x response ${'A'.repeat(65_000)}`)).toBeUndefined();
    expect(parseKeyValues(`rs=486 reason=busy${';'.repeat(65_000)}`).get('reason')).toBe('busy');
    expect(statusLineExtractor.extract(`SIP/2.0 486 Busy\nCall-ID:${'\t'.repeat(60_000)}\rx`)).toEqual({
      code: 486,
      reason: 'Busy',
    });
  });
});

describe('the extractor chain', () => {
  it('reads only the first syslog.maxExtractBytes of a message', () => {
    const chain = createExtractorChain([], 1024);
    const outcome = 'reply rs=486 ci=call-1';
    const pad = `pad=${'x'.repeat(1100)}`;
    expect(chain(`${outcome} ${pad}`)?.fields).toMatchObject({ code: 486, callId: 'call-1' });
    expect(chain(`${pad} ${outcome}`)).toBeUndefined();
    expect(createExtractorChain([], 2048)(`${pad} ${outcome}`)?.fields.code).toBe(486);
  });

  it('cuts a message between characters, not inside one', () => {
    const chain = createExtractorChain([{ name: 'tail', pattern: 'rs=(?<code>\\d{3}) (?<reason>.*)$' }], 256);
    const found = chain(`rs=480 ${'é'.repeat(200)}`);
    expect(found?.fields.reason).toBe('é'.repeat((256 - 'rs=480 '.length) >> 1));
  });
});
