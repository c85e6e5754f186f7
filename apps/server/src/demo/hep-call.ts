import type { DemoEvent } from './plan.js';
import { DEMO_GATEWAY_ADDRESSES, DEMO_TRUNKS } from './traffic.js';

/**
 * One demo exchange as a HEP capture would see it: the requests (INVITE, CANCEL, BYE) and the
 * responses of the plan, each with the moment it is sent, spread out like a real call (ringing
 * after the trunk's post-dial delay, an answer after some ringing). Pure: the transport sends the
 * messages when their time comes and stamps them then.
 */

export interface ScheduledSip {
  /** After the exchange starts, ms. */
  atMs: number;
  srcIp: string;
  dstIp: string;
  /** The SIP message text. */
  payload: string;
}

/** Finals a caller hears after ringing (the others come straight back from the network). */
const AFTER_RINGING = new Set([200, 480, 486, 487, 603]);

/** Responses before this are a trunk answering at once (100 Trying), not a ringing phone. */
const TRYING_MS = 15;

function between(random: () => number, [lo, hi]: readonly [number, number]): number {
  return Math.round(lo + random() * (hi - lo));
}

/** The schedule of one exchange: the events of one Call-ID from the plan, oldest first. */
export function scheduleExchange(events: readonly DemoEvent[], random: () => number): ScheduledSip[] {
  const first = events[0];
  if (!first) return [];
  const trunk = DEMO_TRUNKS.find((t) => t.name === first.trunk) ?? DEMO_TRUNKS[0]!;
  const near = DEMO_GATEWAY_ADDRESSES[first.gateway as keyof typeof DEMO_GATEWAY_ADDRESSES] ?? '192.0.2.1';
  const far = trunk.address;
  const message = sipText(first.callId);
  const out: ScheduledSip[] = [];
  const request = (atMs: number, method: string, cseq: number, toTag: boolean): void => {
    out.push({ atMs, srcIp: near, dstIp: far, payload: message.request(method, cseq, toTag) });
  };
  const response = (atMs: number, e: DemoEvent): void => {
    out.push({ atMs, srcIp: far, dstIp: near, payload: message.response(e) });
  };

  if (first.method !== 'INVITE') {
    // REGISTER, OPTIONS: answered at once.
    events.forEach((e, i) => response(i * 20, e));
    return out;
  }

  let t = 0;
  const invites = events.filter((e) => e.method === 'INVITE');
  const final = invites.find((e) => e.code >= 200 && e.code !== 401 && e.code !== 407);
  const pdd = between(random, trunk.pddMs);
  const rings = final !== undefined && AFTER_RINGING.has(final.code);
  // Ringing for a few seconds before the answer (or the busy, the decline, the caller hanging up).
  const setup = rings ? pdd + between(random, [2_000, 12_000]) : between(random, [120, 900]);
  for (const e of invites) {
    if (e.code === 401 || e.code === 407) {
      request(t, 'INVITE', e.cseq, false);
      response(t + 20, e);
      t += 60; // the caller retries with credentials
      continue;
    }
    if (e.code === 100) {
      request(t, 'INVITE', e.cseq, false);
      response(t + TRYING_MS, e);
    } else if (e.code < 200) {
      response(t + pdd, e);
    } else {
      if (e.code === 487) request(t + setup - 30, 'CANCEL', e.cseq, false);
      response(t + setup, e);
    }
  }
  for (const e of events) {
    if (e.method !== 'BYE') continue;
    const hangUp = t + setup + between(random, [1_000, 6_000]);
    request(hangUp, 'BYE', e.cseq, true);
    response(hangUp + 20, e);
  }
  return out.sort((a, b) => a.atMs - b.atMs);
}

/** SIP text for the messages of one call (headers only; sipwatch never reads a body). */
function sipText(callId: string) {
  const fromTag = `f${callId.slice(5, 13)}`;
  const toTag = `t${callId.slice(5, 13)}`;
  const headers = (method: string, cseq: number, withToTag: boolean, branch: string): string =>
    [
      `Via: SIP/2.0/UDP 192.0.2.20:5060;branch=z9hG4bK${branch}`,
      `From: <sip:+442079460000@sipwatch.demo>;tag=${fromTag}`,
      `To: <sip:+15555550100@carrier.demo>${withToTag ? `;tag=${toTag}` : ''}`,
      `Call-ID: ${callId}`,
      `CSeq: ${cseq} ${method}`,
      'Content-Length: 0',
      '',
      '',
    ].join('\r\n');
  return {
    request: (method: string, cseq: number, withToTag: boolean): string =>
      `${method} sip:+15555550100@carrier.demo SIP/2.0\r\n${headers(method, cseq, withToTag, `${cseq}${method}`)}`,
    response: (e: DemoEvent): string =>
      `SIP/2.0 ${e.code} ${e.reason}\r\n${headers(e.method, e.cseq, e.code !== 100, `${e.cseq}${e.method}`)}`,
  };
}
