import { encodeHep } from '@sipwatch/hep';

/** A caller and a carrier (RFC 5737 addresses) and the SIP messages of calls between them, as HEP. */
export const CALLER = { ip: '192.0.2.10', port: 5060 };
export const CARRIER = { ip: '203.0.113.5', port: 5070 };

export interface Hop {
  ip: string;
  port: number;
}

export interface CallSpec {
  callId: string;
  from: string;
  to: string;
  /** The INVITE's capture time, ms. */
  at: number;
  finalCode: number;
  finalReason: string;
  /** The final response is sent twice (a retransmission). */
  retransmitFinal?: boolean;
  /** This many extra copies of the 100 Trying (to overflow calls.maxMessagesPerCall). */
  extraTrying?: number;
  /** The far end never sends a final response (nor anyone a 408): INVITE, 100 and 180 only. */
  silent?: boolean;
}

/**
 * INVITE, 100, 180, the final (perhaps twice), then the ACK; answered calls add the BYE and its
 * 200. Times step by 10 ms, the final 200 ms after the INVITE, the 180 100 ms after it.
 */
export function sipCallMessages(
  spec: CallSpec,
  a: Hop = CALLER,
  b: Hop = CARRIER,
): { from: Hop; to: Hop; ts: number; text: string }[] {
  const branch = `z9hG4bK-${spec.callId.replace(/[^A-Za-z0-9]/g, '')}`;
  const headers = (cseq: string, toTag: boolean, via = branch) =>
    [
      `Via: SIP/2.0/UDP ${a.ip}:${a.port};branch=${via}`,
      `From: "Caller" <sip:${spec.from}@example.net>;tag=from1`,
      `To: <sip:${spec.to}@carrier.example>${toTag ? ';tag=to1' : ''}`,
      `Call-ID: ${spec.callId}`,
      `CSeq: ${cseq}`,
    ].join('\r\n');
  const sdp = `v=0\r\no=- 1 1 IN IP4 ${a.ip}\r\ns=-\r\nc=IN IP4 ${a.ip}\r\nt=0 0\r\nm=audio 4000 RTP/AVP 0\r\n`;
  const out: { from: Hop; to: Hop; ts: number; text: string }[] = [];
  const send = (from: Hop, to: Hop, ts: number, text: string) => out.push({ from, to, ts, text });
  const t = spec.at;
  send(
    a,
    b,
    t,
    `INVITE sip:${spec.to}@carrier.example SIP/2.0\r\n${headers('1 INVITE', false)}\r\nContent-Type: application/sdp\r\nContent-Length: ${sdp.length}\r\n\r\n${sdp}`,
  );
  const trying = `SIP/2.0 100 Trying\r\n${headers('1 INVITE', false)}\r\nContent-Length: 0\r\n\r\n`;
  send(b, a, t + 10, trying);
  for (let i = 0; i < (spec.extraTrying ?? 0); i++) send(b, a, t + 11 + i, trying); // at most 80, before the 180
  send(b, a, t + 100, `SIP/2.0 180 Ringing\r\n${headers('1 INVITE', true)}\r\nContent-Length: 0\r\n\r\n`);
  if (spec.silent) return out;
  const final = `SIP/2.0 ${spec.finalCode} ${spec.finalReason}\r\n${headers('1 INVITE', true)}\r\nContent-Length: 0\r\n\r\n`;
  send(b, a, t + 200, final);
  if (spec.retransmitFinal) send(b, a, t + 700, final);
  if (spec.finalCode >= 300) {
    send(
      a,
      b,
      t + 210,
      `ACK sip:${spec.to}@carrier.example SIP/2.0\r\n${headers('1 ACK', true)}\r\nContent-Length: 0\r\n\r\n`,
    );
  } else {
    send(
      a,
      b,
      t + 210,
      `ACK sip:${spec.to}@carrier.example SIP/2.0\r\n${headers('1 ACK', true, `${branch}-ack`)}\r\nContent-Length: 0\r\n\r\n`,
    );
    send(
      a,
      b,
      t + 5000,
      `BYE sip:${spec.to}@carrier.example SIP/2.0\r\n${headers('2 BYE', true, `${branch}-bye`)}\r\nContent-Length: 0\r\n\r\n`,
    );
    send(
      b,
      a,
      t + 5010,
      `SIP/2.0 200 OK\r\n${headers('2 BYE', true, `${branch}-bye`)}\r\nContent-Length: 0\r\n\r\n`,
    );
  }
  return out.sort((x, y) => x.ts - y.ts);
}

type Agent = { nodeName?: string; captureId?: number };

function asHep(messages: { from: Hop; to: Hop; ts: number; text: string }[], agent: Agent): Buffer[] {
  return messages.map((m) =>
    encodeHep({
      srcIp: m.from.ip,
      srcPort: m.from.port,
      dstIp: m.to.ip,
      dstPort: m.to.port,
      tsMs: m.ts,
      ...agent,
      payload: m.text,
    }),
  );
}

/** The same as HEP v3 packets, as a capture agent named `node` sends them; `edit` changes each text. */
export function sipCallPackets(spec: CallSpec, node = 'proxy-1', edit = (text: string) => text): Buffer[] {
  return asHep(
    sipCallMessages(spec).map((m) => ({ ...m, text: edit(m.text) })),
    { nodeName: node },
  );
}

/** Calls numbered 1, 2, 3, ... a second apart from T0 (Call-IDs `<prefix>-N@proxy.example`), a 503 unless `over` says otherwise. */
export function callMaker(prefix: string, t0: number): (over?: Partial<CallSpec>) => CallSpec {
  let seq = 0;
  return (over = {}) => {
    seq++;
    return {
      callId: `${prefix}-${seq}@proxy.example`,
      from: `+4930555${String(seq).padStart(4, '0')}`,
      to: `+4940777${String(seq).padStart(4, '0')}`,
      at: t0 + seq * 1000,
      finalCode: 503,
      finalReason: 'Service Unavailable',
      ...over,
    };
  };
}

/** One hop of a call, `a` to `b`, as `agent` captures it, each message `delayMs` after the caller's. */
export function callLegPackets(spec: CallSpec, a: Hop, b: Hop, agent: Agent, delayMs = 0): Buffer[] {
  return asHep(
    sipCallMessages(spec, a, b).map((m) => ({ ...m, ts: m.ts + delayMs })),
    agent,
  );
}

/**
 * A call relayed by a proxy at `proxy`, as its capture agent sends it: the caller's hop and the
 * carrier's (each message there 1 ms later), all traced on the proxy.
 */
export function proxiedCallPackets(spec: CallSpec, proxy: Hop, agent: Agent): Buffer[] {
  const legs = [
    ...sipCallMessages(spec, CALLER, proxy),
    ...sipCallMessages(spec, proxy, CARRIER).map((m) => ({ ...m, ts: m.ts + 1 })),
  ].sort((x, y) => x.ts - y.ts);
  return asHep(legs, agent);
}
