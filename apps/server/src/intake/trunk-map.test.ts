import { describe, expect, it } from 'vitest';
import { ConfigError } from '../config.js';
import { compileTrunkMap, parseAddress } from './trunk-map.js';

describe('compileTrunkMap', () => {
  const map = compileTrunkMap([
    { name: 'carrier-a', cidrs: ['203.0.113.0/24', '2001:db8:a::/48'] },
    { name: 'carrier-a-core', cidrs: ['203.0.113.128/25'] },
    { name: 'twilio-edge', cidrs: ['54.172.60.3'] },
    { name: 'lab', cidrs: ['::1', '10.0.0.0/8'] },
  ]);

  it('maps IPv4 addresses to the most specific block', () => {
    expect(map.lookup('203.0.113.7')).toBe('carrier-a');
    expect(map.lookup('203.0.113.200')).toBe('carrier-a-core');
    expect(map.lookup('54.172.60.3')).toBe('twilio-edge');
    expect(map.lookup('54.172.60.4')).toBeUndefined();
    expect(map.lookup('10.250.1.2')).toBe('lab');
  });

  it('maps IPv6 addresses, bracketed or not, and IPv4-mapped IPv6 as IPv4', () => {
    expect(map.lookup('2001:db8:a:ffff::5')).toBe('carrier-a');
    expect(map.lookup('[2001:db8:a::1]')).toBe('carrier-a');
    expect(map.lookup('2001:db8:b::1')).toBeUndefined();
    expect(map.lookup('::1')).toBe('lab');
    expect(map.lookup('::ffff:203.0.113.9')).toBe('carrier-a');
  });

  it('answers nothing for non-addresses and absent values', () => {
    expect(map.lookup('kamailio.org')).toBeUndefined();
    expect(map.lookup(undefined)).toBeUndefined();
    expect(map.lookup('')).toBeUndefined();
  });

  it('gives the same answer on repeated lookups (cache)', () => {
    for (let i = 0; i < 3; i++) expect(map.lookup('203.0.113.7')).toBe('carrier-a');
  });

  it('refuses an invalid block with an error naming the entry', () => {
    expect(() => compileTrunkMap([{ name: 'x', cidrs: ['10.0.0.0/33'] }])).toThrow(ConfigError);
    expect(() => compileTrunkMap([{ name: 'bad-one', cidrs: ['carrier.example'] }])).toThrow(
      /ingest\.trunks\.0\.cidrs \(bad-one\).*carrier\.example/,
    );
  });
});

describe('parseAddress', () => {
  it('expands IPv6 forms to the same value', () => {
    expect(parseAddress('2001:db8::1')?.value).toBe(parseAddress('2001:0db8:0:0:0:0:0:1')?.value);
    expect(parseAddress('::ffff:1.2.3.4')).toEqual({ value: 0x01020304n, v6: false, mapped: true });
    expect(parseAddress('64:ff9b::1.2.3.4')?.value).toBe(parseAddress('64:ff9b::102:304')?.value);
    expect(parseAddress('fe80::1%eth0')?.v6).toBe(true);
    expect(parseAddress('1.2.3')).toBeUndefined();
  });
});
