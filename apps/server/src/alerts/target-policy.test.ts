import { describe, expect, it } from 'vitest';
import { parseConfig } from '../config.js';
import { refusedRange, targetPolicy, urlProblem } from './target-policy.js';

describe('which addresses notifications may reach by default', () => {
  it.each([
    ['127.0.0.1', 'loopback'],
    ['127.8.9.10', 'loopback'],
    ['::1', 'loopback'],
    ['::ffff:127.0.0.1', 'loopback'],
    ['::ffff:7f00:1', 'loopback'],
    ['10.0.0.1', 'private'],
    ['172.16.5.4', 'private'],
    ['192.168.1.1', 'private'],
    ['fd12:3456::1', 'private'],
    ['fe80::1', 'link-local'],
    ['169.254.10.10', 'link-local'],
    ['169.254.169.254', 'cloud metadata'],
    ['::ffff:169.254.169.254', 'cloud metadata'],
    ['fd00:ec2::254', 'cloud metadata'],
    ['100.100.100.200', 'cloud metadata'],
    ['100.64.0.1', 'CGNAT'],
    ['0.0.0.0', 'unspecified'],
    ['::', 'unspecified'],
    ['224.0.0.1', 'multicast'],
    ['ff02::1', 'multicast'],
    ['255.255.255.255', 'broadcast'],
    ['240.0.0.1', 'reserved'],
    ['192.0.2.10', 'reserved'],
    // IPv4-compatible, NAT64 and 6to4 addresses carry an IPv4 address inside.
    ['::7f00:1', 'reserved'],
    ['64:ff9b::7f00:1', 'reserved'],
    ['2002:7f00:1::1', 'reserved'],
  ])('%s is refused as %s', (address, range) => {
    expect(refusedRange(address)).toBe(range);
  });

  it.each(['93.184.215.14', '8.8.8.8', '2606:4700:4700::1111', '::ffff:8.8.8.8'])(
    '%s is allowed',
    (address) => {
      expect(refusedRange(address)).toBeNull();
    },
  );
});

describe('alerts.allowTargets', () => {
  it('a CIDR entry allows the addresses inside it and no others, IPv4-mapped ones included', () => {
    const policy = targetPolicy(['10.1.2.0/24', '::1/128', '127.0.0.1']);
    expect(policy.check('10.1.2.200')).toBeNull();
    expect(policy.check('::ffff:10.1.2.200')).toBeNull();
    expect(policy.check('10.1.3.1')).toBe('private');
    expect(policy.check('::1')).toBeNull();
    expect(policy.check('127.0.0.1')).toBeNull();
    expect(policy.check('127.0.0.2')).toBe('loopback');
  });

  it('a CIDR around a metadata address does not open it; naming the address itself does', () => {
    expect(targetPolicy(['169.254.0.0/16']).check('169.254.10.10')).toBeNull();
    expect(targetPolicy(['169.254.0.0/16']).check('169.254.169.254')).toBe('cloud metadata');
    expect(targetPolicy(['169.254.169.254/32']).check('169.254.169.254')).toBeNull();
  });

  it('a host-name entry allows that name (any case, trailing dot) whatever it resolves to', () => {
    const policy = targetPolicy(['alertmanager.internal']);
    expect(policy.hostAllowed('AlertManager.Internal.')).toBe(true);
    expect(policy.hostAllowed('other.internal')).toBe(false);
    expect(policy.check('10.0.0.1')).toBe('private');
  });

  it('a bad entry stops the start, naming the key', () => {
    expect(() => parseConfig({ alerts: { allowTargets: ['10.1.2.0/33'] } })).toThrow(/alerts\.allowTargets/);
    expect(() => parseConfig({ alerts: { allowTargets: ['http://alertmanager.internal'] } })).toThrow(
      /must be a CIDR \(10\.1\.2\.0\/24, ::1\/128\), an address or a host name/,
    );
    expect(
      parseConfig({ alerts: { allowTargets: ['fd00::/8', 'am.internal'] } }).alerts.allowTargets,
    ).toEqual(['fd00::/8', 'am.internal']);
  });
});

describe('checking a target URL when a rule is saved', () => {
  const strict = targetPolicy();
  it('refuses address literals in refused ranges and localhost names, saying what to do', () => {
    expect(urlProblem('http://127.0.0.1:9093/hook', strict)).toBe(
      'resolves to a loopback address; add it to alerts.allowTargets if it is an internal receiver',
    );
    expect(urlProblem('http://[::ffff:a9fe:a9fe]/', strict)).toMatch(/^resolves to a cloud metadata address/);
    expect(urlProblem('http://2130706433/', strict)).toMatch(/^resolves to a loopback address/);
    expect(urlProblem('http://api.localhost/', strict)).toMatch(/^resolves to a loopback address/);
    expect(urlProblem('http://0.0.0.0:80/', strict)).toMatch(/^resolves to an unspecified address/);
  });

  it('leaves other host names to the connection, and allows what the allow-list names', () => {
    expect(urlProblem('https://hooks.slack.com/services/T/B/X', strict)).toBeUndefined();
    expect(urlProblem('http://93.184.215.14/hook', strict)).toBeUndefined();
    expect(urlProblem('http://127.0.0.1:9093/hook', targetPolicy(['127.0.0.1/32']))).toBeUndefined();
    expect(urlProblem('http://localhost:9093/hook', targetPolicy(['127.0.0.0/8']))).toBeUndefined();
  });
});
