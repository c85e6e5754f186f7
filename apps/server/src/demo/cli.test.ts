import { describe, expect, it } from 'vitest';
import { parseCli } from './cli.js';

describe('simulate CLI arguments', () => {
  it('reads rate, target, duration, token and syslog', () => {
    expect(
      parseCli(
        [
          '--rate',
          '500',
          '--target',
          'http://10.0.0.5:8080',
          '--duration',
          '60',
          '--token',
          'secret-token',
          '--seed',
          '7',
        ],
        {},
      ),
    ).toEqual({ rate: 500, target: 'http://10.0.0.5:8080', durationS: 60, token: 'secret-token', seed: 7 });
    expect(parseCli(['--syslog', 'localhost:5514', '--seed', '1'], {})).toMatchObject({
      syslog: { host: 'localhost', port: 5514 },
    });
  });

  it('takes the token from SIPWATCH_INGEST_TOKEN when not given', () => {
    expect(parseCli(['--seed', '1'], { SIPWATCH_INGEST_TOKEN: 'tok-one,tok-two' })).toMatchObject({
      token: 'tok-one',
    });
  });

  it('names the bad option', () => {
    expect(parseCli(['--rate', 'fast'], {})).toMatch(/^--rate: expected a positive number/);
    expect(parseCli(['--target', 'ftp://x'], {})).toMatch(/^--target: expected an http\(s\) URL/);
    expect(parseCli(['--syslog', 'nohost'], {})).toMatch(/^--syslog: expected HOST:PORT/);
    expect(parseCli(['--bogus'], {})).toMatch(/Unknown option '--bogus'/);
  });
});
