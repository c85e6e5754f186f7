import { T0 } from '@sipwatch/testing';
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../clock.js';
import { IngestStats, OTHER_HOST } from './stats.js';

describe('IngestStats', () => {
  it('counts accepted, rejected by reason, unparsed and clamped per channel and host', () => {
    const stats = new IngestStats(new ManualClock(T0), 10);
    stats.accepted('http', '10.0.0.1', 1000);
    stats.rejected('http', '10.0.0.1', 'invalid-code', 2);
    stats.rejected('http', '10.0.0.2', 'unauthorized');
    stats.clamped('http', '10.0.0.1', 3);
    stats.unparsed('syslog', 'sip1', 'some line');
    stats.accepted('syslog', 'sip1', 5);

    const s = stats.snapshot();
    expect(s.sinceStart).toMatchObject({ accepted: 1005, rejectedTotal: 3, unparsed: 1, clamped: 3 });
    expect(s.channels.http.sinceStart).toEqual({
      accepted: 1000,
      rejected: { 'invalid-code': 2, unauthorized: 1 },
      rejectedTotal: 3,
      unparsed: 0,
      clamped: 3,
    });
    expect(s.channels.syslog.sinceStart).toMatchObject({ accepted: 5, unparsed: 1 });
    expect(s.channels.hep.sinceStart.accepted).toBe(0);
    expect(s.hosts.map((h) => [h.channel, h.host, h.sinceStart.accepted])).toEqual([
      ['http', '10.0.0.1', 1000],
      ['http', '10.0.0.2', 0],
      ['syslog', 'sip1', 5],
    ]);
  });

  it('keeps the last minute separately and forgets it as the clock moves on', () => {
    const clock = new ManualClock(T0);
    const stats = new IngestStats(clock, 10);
    stats.accepted('syslog', 'a', 10);
    clock.advance(30_000);
    stats.accepted('syslog', 'a', 5);
    stats.rejected('syslog', 'a', 'oversize-frame');
    expect(stats.snapshot().lastMinute).toMatchObject({ accepted: 15, rejectedTotal: 1 });

    clock.advance(30_000);
    // The first 10 are now exactly 60 s old: outside the window.
    let s = stats.snapshot();
    expect(s.lastMinute).toMatchObject({ accepted: 5, rejected: { 'oversize-frame': 1 } });
    expect(s.hosts[0]!.lastMinute.accepted).toBe(5);
    expect(s.sinceStart.accepted).toBe(15);

    clock.advance(120_000);
    s = stats.snapshot();
    expect(s.lastMinute.accepted).toBe(0);
    expect(s.channels.syslog.lastMinute.accepted).toBe(0);
    expect(s.sinceStart.accepted).toBe(15);
  });

  it('reuses a slot a minute later without carrying old counts', () => {
    const clock = new ManualClock(T0);
    const stats = new IngestStats(clock, 0);
    stats.accepted('http', 'h', 7);
    clock.advance(60_000);
    stats.accepted('http', 'h', 1);
    expect(stats.snapshot().lastMinute.accepted).toBe(1);
  });

  it('keeps the last N unparsed lines, newest first, with host, time and channel', () => {
    const clock = new ManualClock(T0);
    const stats = new IngestStats(clock, 3, { maxLineBytes: 8 });
    for (let i = 1; i <= 5; i++) {
      clock.advance(1000);
      stats.unparsed('syslog', `host${i}`, `line number ${i}`);
    }
    expect(stats.unparsedSamples()).toEqual([
      { at: T0 + 5000, channel: 'syslog', host: 'host5', line: 'line num' },
      { at: T0 + 4000, channel: 'syslog', host: 'host4', line: 'line num' },
      { at: T0 + 3000, channel: 'syslog', host: 'host3', line: 'line num' },
    ]);
    expect(stats.snapshot().sinceStart.unparsed).toBe(5);
  });

  it('caps the hosts tracked per channel and counts the rest together', () => {
    const stats = new IngestStats(new ManualClock(T0), 0, { maxHosts: 2 });
    for (const h of ['a', 'b', 'c', 'd']) stats.accepted('syslog', h, 1);
    stats.accepted('http', 'x', 1);
    const s = stats.snapshot();
    expect(s.hosts.map((h) => `${h.channel}/${h.host}=${h.sinceStart.accepted}`)).toEqual([
      'http/x=1',
      `syslog/${OTHER_HOST}=2`,
      'syslog/a=1',
      'syslog/b=1',
    ]);
  });
});
