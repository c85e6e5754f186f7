import { describe, expect, it } from 'vitest';
import type { SipEvent } from '@sipwatch/wire';
import { sipEvent, T0 } from '@sipwatch/testing';
import { eventSource } from '../normalise.js';
import { decodeEvents, encodeEvents } from './event-codec.js';

describe('events in columns between threads', () => {
  it('come back field for field, absent fields absent, false flags false, on the shared source objects', () => {
    const full: SipEvent = {
      ts: T0 + 1,
      receivedAt: T0 + 2,
      code: 487,
      reason: 'Request Terminated',
      method: 'INVITE',
      scope: 'transaction',
      callId: 'c-1@example.net',
      cseq: 0,
      inDialog: false,
      cancelled: true,
      from: 'sip:***@a.example',
      to: 'sip:bob@b.example',
      srcIp: '192.0.2.1',
      srcPort: 0,
      dstIp: '2001:db8::1',
      dstPort: 5061,
      trunk: 'carrier-a',
      direction: 'outbound',
      source: eventSource('syslog', 'kamailio-acc', 'proxy-1'),
      raw: 'reply: rs=487 … ünïcode',
    };
    const bare = sipEvent({ code: 200, scope: 'call', source: eventSource('http', 'json', '127.0.0.1') });
    const empty = { ...full, raw: '', reason: '', inDialog: true, cancelled: false };
    const events = [full, bare, empty, { ...bare, trunk: 'carrier-a' }];

    const decoded = decodeEvents(structuredClone(encodeEvents(events)));

    expect(decoded).toEqual(events);
    expect(decoded.map((e) => Object.keys(e).length)).toEqual(events.map((e) => Object.keys(e).length));
    expect(decoded[0]!.source).toBe(full.source);
  });

  it('carry an empty batch', () => {
    expect(decodeEvents(encodeEvents([]))).toEqual([]);
  });
});
