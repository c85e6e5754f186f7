import { describe, expect, it } from 'vitest';
import { EXIT_NOT_FOUND, EXIT_OK, EXIT_USAGE, runCli } from './cli.js';
import { getCode } from './index.js';
import type { SipCodeEntry } from './index.js';

function run(...args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = runCli(
    args,
    (line) => out.push(line),
    (line) => err.push(line),
  );
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('sipcode <code>', () => {
  it('prints the whole entry of 503', () => {
    const { code, out, err } = run('503');
    expect(code).toBe(EXIT_OK);
    expect(err).toBe('');
    const entry = getCode(503)!;
    expect(out).toContain('503 Service Unavailable');
    expect(out).toContain('5xx Server Failure (final)');
    expect(out).toContain('Category:  network');
    expect(out).toContain('RFC3261');
    expect(out).toContain(entry.meaning);
    for (const line of [...entry.causes, ...entry.checks]) expect(out).toContain(line);
  });

  it('marks historic codes', () => {
    expect(run('409').out).toMatch(/Historic:\s+yes/);
    expect(run('486').out).not.toMatch(/Historic/);
  });

  it('explains an unregistered code and shows the entry it behaves as', () => {
    const { code, out } = run('499');
    expect(code).toBe(EXIT_OK);
    expect(out).toMatch(/^499 is not a registered SIP code; .* treats it as 400 Bad Request/);
    expect(out).toContain(getCode(400)!.meaning);
  });

  it('rejects a number outside 100-699 with a message on the error stream', () => {
    for (const arg of ['700', '099', '5030']) {
      const { code, out, err } = run(arg);
      expect(code).toBe(EXIT_NOT_FOUND);
      expect(out).toBe('');
      expect(err).toMatch(/^sipcode: SIP status code must be/);
    }
  });
});

describe('sipcode <prefix> and sipcode <words>', () => {
  it('lists every 48x for "48", one line each', () => {
    const { code, out } = run('48');
    expect(code).toBe(EXIT_OK);
    const listed = out.split('\n').filter((l) => /^\d{3} /.test(l));
    expect(listed.map((l) => l.slice(0, 3))).toEqual([
      '480',
      '481',
      '482',
      '483',
      '484',
      '485',
      '486',
      '487',
      '488',
      '489',
    ]);
    expect(listed.find((l) => l.startsWith('486'))).toMatch(/Busy Here\s+user\s+/);
    expect(out).toContain('10 codes.');
  });

  it('lists the 5xx for "5"', () => {
    const listed = run('5')
      .out.split('\n')
      .filter((l) => /^\d{3} /.test(l));
    expect(listed.length).toBe(9);
    expect(listed.every((l) => l.startsWith('5'))).toBe(true);
  });

  it('searches phrases and meanings for words', () => {
    const { code, out } = run('busy');
    expect(code).toBe(EXIT_OK);
    expect(out).toMatch(/^486 {2}Busy Here/m);
    expect(out).toMatch(/^600 {2}Busy Everywhere/m);
  });

  it('shows the full entry when a word search finds exactly one code', () => {
    const { out } = run('forbidden');
    expect(out).toContain(getCode(403)!.checks[0]);
  });

  it('joins several words into one search', () => {
    expect(run('busy', 'everywhere').out).toContain('600 Busy Everywhere');
  });

  it('looks up several codes at once, continuing past a bad one', () => {
    const { code, out, err } = run('486', '999', '503');
    expect(code).toBe(EXIT_NOT_FOUND);
    expect(out).toContain('486 Busy Here');
    expect(out).toContain('503 Service Unavailable');
    expect(err).toContain('999');
  });

  it('says so when nothing matches', () => {
    const word = run('zzzzqqq');
    expect(word.code).toBe(EXIT_NOT_FOUND);
    expect(word.err).toBe('sipcode: no SIP code phrase or meaning mentions "zzzzqqq"');
    const digits = run('7');
    expect(digits.code).toBe(EXIT_NOT_FOUND);
    expect(digits.err).toMatch(/no SIP code matches "7"/);
  });

  it('quotes what the user typed so control characters cannot reach the terminal', () => {
    const { err } = run('\u001b[2Jxyz');
    expect(err).not.toContain('\u001b');
    expect(err).toContain('\\u001b');
  });
});

describe('sipcode --json', () => {
  it('prints the entry of one code as JSON', () => {
    const { code, out } = run('--json', '503');
    expect(code).toBe(EXIT_OK);
    expect(JSON.parse(out)).toEqual(getCode(503));
  });

  it('prints a list as a JSON array', () => {
    const entries = JSON.parse(run('48', '--json').out) as SipCodeEntry[];
    expect(entries.map((e) => e.code)).toEqual([480, 481, 482, 483, 484, 485, 486, 487, 488, 489]);
  });

  it('prints an unregistered code with the entry it behaves as', () => {
    expect(JSON.parse(run('--json', '599').out)).toEqual({
      code: 599,
      known: false,
      behavesAs: getCode(500),
    });
  });

  it('prints nothing on stdout when nothing is found', () => {
    const { code, out } = run('--json', 'zzzzqqq');
    expect(code).toBe(EXIT_NOT_FOUND);
    expect(out).toBe('');
  });
});

describe('sipcode usage', () => {
  it('prints usage and exits 2 with no arguments', () => {
    const { code, out, err } = run();
    expect(code).toBe(EXIT_USAGE);
    expect(out).toBe('');
    expect(err).toMatch(/^Usage: sipcode/);
  });

  it('prints usage and exits 0 for --help', () => {
    const { code, out } = run('--help');
    expect(code).toBe(EXIT_OK);
    expect(out).toMatch(/^Usage: sipcode/);
  });

  it('rejects unknown options', () => {
    const { code, err } = run('--verbose', '503');
    expect(code).toBe(EXIT_USAGE);
    expect(err).toContain('unknown option "--verbose"');
  });

  it('prints to the one stream it is given when no error stream is passed', () => {
    const lines: string[] = [];
    expect(runCli([], (l) => lines.push(l))).toBe(EXIT_USAGE);
    expect(lines[0]).toMatch(/^Usage/);
  });
});
