import { describe, expect, it } from 'vitest';
import type { IngestCounts, IngestStatsSnapshot } from '@sipwatch/wire';
import { feedRows, intakeHeadline, listenerRows } from './intake-health';

const counts = (c: Partial<IngestCounts> = {}): IngestCounts => ({
  accepted: 0,
  rejected: {},
  rejectedTotal: 0,
  unparsed: 0,
  clamped: 0,
  ...c,
});
const windowed = (lastMinute: Partial<IngestCounts>, sinceStart: Partial<IngestCounts> = lastMinute) => ({
  lastMinute: counts(lastMinute),
  sinceStart: counts(sinceStart),
});

function snapshot(over: Partial<IngestStatsSnapshot>): IngestStatsSnapshot {
  const empty = windowed({});
  return {
    now: 0,
    startedAt: 0,
    ...empty,
    channels: { http: empty, syslog: empty, hep: empty, demo: empty },
    hosts: [],
    listeners: {},
    ...over,
  };
}

describe('intake health', () => {
  it('says so when nothing came at all', () => {
    expect(intakeHeadline(snapshot({}))).toBe('Nothing has been received since the server started.');
  });

  it('names the listeners that lost messages, apart from those that only held senders back', () => {
    const stats = snapshot({
      hosts: [{ channel: 'hep', host: '10.0.0.9', ...windowed({ accepted: 40 }) }],
      listeners: {
        'syslog-tcp': { dropped: 0, pushedBack: 3 },
        'syslog-udp': { dropped: 0, pushedBack: 0, kernelDropped: 12 },
        'hep-udp': { dropped: 5, pushedBack: 0, kernelDropped: 0 },
      },
    });
    expect(listenerRows(stats).map((l) => [l.name, l.losing])).toEqual([
      ['hep-udp', true],
      ['syslog-tcp', false],
      ['syslog-udp', true],
    ]);
    expect(intakeHeadline(stats)).toBe(
      '1 feed: 1 receiving. Messages were lost since start on hep-udp, syslog-udp: see the listeners.',
    );
  });

  it('gives the reasons of the last minute, or since start when the last minute had none', () => {
    const [quiet, busy] = feedRows(
      snapshot({
        hosts: [
          {
            channel: 'http',
            host: 'a',
            ...windowed(
              { accepted: 3, rejected: { 'invalid-code': 1 }, rejectedTotal: 1 },
              { accepted: 9, rejected: { 'too-large': 2, 'invalid-code': 4 }, rejectedTotal: 6 },
            ),
          },
          {
            channel: 'http',
            host: 'b',
            ...windowed(
              { accepted: 0 },
              { accepted: 1, rejected: { 'too-large': 2, 'invalid-code': 4 }, rejectedTotal: 6 },
            ),
          },
        ],
      }),
    );
    expect([quiet!.host, quiet!.state, quiet!.badShare, quiet!.reasons]).toEqual([
      'b',
      'silent',
      null,
      [
        ['invalid-code', 4],
        ['too-large', 2],
      ],
    ]);
    expect([busy!.host, busy!.state, busy!.badShare, busy!.reasons]).toEqual([
      'a',
      'receiving',
      0.25,
      [['invalid-code', 1]],
    ]);
  });
});
