import { describe, expect, it } from 'vitest';
import type { CallSummary, CapturedMessage } from './calls.js';
import {
  annotateMessages,
  buildLadder,
  callFileName,
  inCausalOrder,
  messageHead,
  textLadder,
} from './ladder.js';

const msg = (text: string, src: [string, number], dst: [string, number], ts: number): CapturedMessage => ({
  ts,
  srcIp: src[0],
  srcPort: src[1],
  dstIp: dst[0],
  dstPort: dst[1],
  ipProtocol: 17,
  text,
});

const A: [string, number] = ['192.0.2.1', 5060];
const P: [string, number] = ['10.0.0.1', 5060];
const B: [string, number] = ['2001:db8::5', 5080];
const invite = (branch: string) =>
  `INVITE sip:bob@b SIP/2.0\r\nVia: SIP/2.0/UDP x;branch=${branch}\r\nCSeq: 1 INVITE\r\nCall-ID: c\r\n\r\nv=0\r\n`;
const reply = (line: string, branch: string) =>
  `SIP/2.0 ${line}\r\nv: SIP/2.0/UDP x;branch=${branch}\r\nCSeq:  1   INVITE\r\n\r\n`;

describe('the ladder of a call', () => {
  it('reads the start line, CSeq and top Via branch (compact header names too)', () => {
    expect(messageHead(reply('503 Service Unavailable', 'z9hG4bK1'))).toEqual({
      startLine: 'SIP/2.0 503 Service Unavailable',
      code: 503,
      reason: 'Service Unavailable',
      cseq: '1 INVITE',
      branch: 'z9hG4bK1',
    });
    expect(messageHead(invite('z9hG4bK2'))).toMatchObject({
      method: 'INVITE',
      cseq: '1 INVITE',
      branch: 'z9hG4bK2',
    });
  });

  it('marks a repeat between the same two addresses, not the same message relayed to the next hop', () => {
    const messages = annotateMessages([
      msg(invite('b1'), A, P, 0),
      msg(invite('b1'), P, B, 1),
      msg(invite('b1'), A, P, 500),
      msg(reply('100 Trying', 'b1'), P, A, 501),
    ]);
    expect(messages.map((m) => [m.index, m.retransmission])).toEqual([
      [0, false],
      [1, false],
      [2, true],
      [3, false],
    ]);
  });

  it('puts one column per address in the order they appear, IPv6 in brackets, named where known', () => {
    const ladder = buildLadder(
      annotateMessages([
        msg(invite('b1'), A, P, 1000),
        msg(invite('b1'), P, B, 1001.5),
        msg(reply('503 No', 'b2'), B, P, 1200),
      ]),
      (ip) => (ip === '2001:db8::5' ? 'carrier-b' : undefined),
    );
    expect(ladder.columns).toEqual([
      { address: '192.0.2.1:5060' },
      { address: '10.0.0.1:5060' },
      { address: '[2001:db8::5]:5080', label: 'carrier-b' },
    ]);
    expect(ladder.arrows.map((a) => [a.from, a.to, a.label, a.offsetMs])).toEqual([
      [0, 1, 'INVITE', 0],
      [1, 2, 'INVITE', 1.5],
      [2, 1, '503 No', 200],
    ]);
  });

  it('writes the ladder as text a ticket can hold', () => {
    const call: CallSummary = {
      callId: 'c',
      startedAt: Date.UTC(2026, 11, 3, 12, 27),
      lastAt: Date.UTC(2026, 11, 3, 12, 27, 1),
      code: 503,
      reason: 'Service Unavailable',
      result: 'failed',
      category: 'network',
      source: 'proxy',
      pddMs: 120.4,
      messages: 2,
      truncated: true,
    };
    const t0 = call.startedAt;
    const ladder = buildLadder(
      annotateMessages([
        msg(invite('b1'), A, B, t0),
        msg(reply('503 Service Unavailable', 'b1'), B, A, t0 + 250),
      ]),
    );
    expect(textLadder(call, ladder)).toBe(
      [
        'Call-ID: c',
        'Outcome: 503 Service Unavailable (failed, network)',
        'Timing: PDD 120 ms',
        'Started: 2026-12-03T12:27:00.000Z',
        '',
        'Columns:',
        '  A = 192.0.2.1:5060',
        '  B = [2001:db8::5]:5080',
        '',
        'Messages (2, more were not kept):',
        '    +0.000 s  2026-12-03T12:27:00.000Z  A -> B  INVITE',
        '    +0.250 s  2026-12-03T12:27:00.250Z  B -> A  503 Service Unavailable',
        '',
      ].join('\n'),
    );
  });

  it('names export files safely', () => {
    expect(callFileName('a84b/../x@pc33 "q"')).toBe('call-a84b_.._x_pc33__q_');
  });

  it('orders by capture time, except where a stamp puts a reply before its request or an ACK before its reply', () => {
    const ack = `ACK sip:bob@b SIP/2.0\r\nVia: SIP/2.0/UDP x;branch=b1\r\nCSeq: 1 ACK\r\n\r\n`;
    const inviteOut = msg(invite('k1'), P, B, 10.2);
    const ringing = msg(reply('180 Ringing', 'k1'), B, P, 10.1); // stamped before the INVITE it answers
    const terminated = msg(reply('487 Request Terminated', 'b1'), P, A, 20.2);
    const acked = msg(ack, A, P, 20.1); // stamped before the 487 it acknowledges
    const other = msg(reply('100 Trying', 'b1'), P, A, 10.15); // answers the caller's INVITE: stays
    const first = msg(invite('b1'), A, P, 10);
    const order = inCausalOrder([acked, terminated, ringing, inviteOut, other, first]);
    expect(order).toEqual([first, other, inviteOut, ringing, terminated, acked]);
  });
});
