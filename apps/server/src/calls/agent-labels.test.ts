import { describe, expect, it } from 'vitest';
import type { CapturedMessage } from '@sipwatch/wire';
import { agentLabels } from './agent-labels.js';

const m = (
  srcIp: string,
  dstIp: string,
  agent?: string,
  srcPort = 5060,
  dstPort = 5060,
): CapturedMessage => ({
  ts: 0,
  srcIp,
  srcPort,
  dstIp,
  dstPort,
  ipProtocol: 17,
  ...(agent !== undefined && { agent }),
  text: 'INVITE sip:x SIP/2.0\r\n\r\n',
});
const none = () => false;

describe('agentLabels', () => {
  it('names the address every message of an agent went from or to', () => {
    const msgs = [
      m('10.0.0.1', '10.0.0.5', 'px'),
      m('10.0.0.5', '10.0.0.9', 'px'),
      m('10.0.0.9', '10.0.0.5', 'px'),
    ];
    expect(agentLabels(msgs, none)).toEqual({ '10.0.0.5': 'px' });
  });

  it('on one hop names the side the trunk map does not, and nothing when it names neither', () => {
    const hop = [m('10.0.0.1', '10.0.0.9', 'px'), m('10.0.0.9', '10.0.0.1', 'px')];
    expect(agentLabels(hop, (ip) => ip === '10.0.0.9')).toEqual({ '10.0.0.1': 'px' });
    expect(agentLabels(hop, none)).toEqual({});
  });

  it('names nothing after messages with no agent, and both names of two agents on one host', () => {
    expect(agentLabels([m('10.0.0.1', '10.0.0.5')], none)).toEqual({});
    const two = [
      m('10.0.0.1', '10.0.0.5', 'a'),
      m('10.0.0.5', '10.0.0.9', 'a'),
      m('10.0.0.2', '10.0.0.5', 'b'),
      m('10.0.0.5', '10.0.0.8', 'b'),
    ];
    expect(agentLabels(two, none)).toEqual({ '10.0.0.5': 'a / b' });
  });

  it('names nothing when other columns share the address its name would go by', () => {
    // Caller, proxy and callee on one host, as in a lab: a name by IP would name every column.
    const lab = [
      m('127.0.0.1', '127.0.0.1', 'kam', 5061, 5060),
      m('127.0.0.1', '127.0.0.1', 'kam', 5060, 5062),
      m('127.0.0.1', '127.0.0.1', 'kam', 5062, 5060),
    ];
    expect(agentLabels(lab, none)).toEqual({});
  });
});
