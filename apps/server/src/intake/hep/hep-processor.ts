import { timingSafeEqual } from 'node:crypto';
import type { CallTimings } from '../../core/call-timing.js';
import type { CallOutcome, CallTracker } from '../../core/call-tracker.js';
import { eventSource } from '../normalise.js';
import { truncateUtf8 } from '../normalise-text.js';
import type { SourceMeta } from '../normalise.js';
import { HEP_PROTO } from '@sipwatch/hep';
import { decodeHep, hepTimestampMs } from './decoder.js';
import type { HepResponseFields } from './hep-event.js';
import type { HepCalls } from './hep-calls.js';
import { captureAgent } from './capture-agent.js';
import type { HepPacket } from './decoder.js';
import { parseSipHeaders, sipHeaderText } from './sip-message.js';
import type { SipResponse } from './sip-message.js';

/**
 * Reads HEP packets. SIP responses become event fields (made into events by the intake's own rules,
 * so trunk mapping, masking and truncation are as for every channel); SIP requests and responses
 * feed the per-call tracker and timings; log lines go to the syslog extractor chain. No sockets
 * here: the listeners hand it the packets of one datagram or one TCP read.
 */

/** Where the processor puts what it read (an IntakeBatch plus the log-line reader, in the shell). */
export interface HepOutput {
  response(fields: HepResponseFields, meta: SourceMeta): void;
  /** A log line (HEP type 100) for the syslog extractors; `host` is the capture agent. */
  logLine(text: string, host: string, receivedAt: number): void;
  reject(host: string, reason: string): void;
  unparsed(host: string, line: string): void;
}

export interface HepProcessorDeps {
  /** When set, every packet must carry this key in chunk 0x000e. */
  authKey?: string;
  tracker: CallTracker;
  timings: CallTimings;
  /** The trunk of a packet's addresses (the intake's table), for call timing per trunk. */
  trunkOf(srcIp: string | undefined, dstIp: string | undefined): string | undefined;
  /** `raw` is left out when this is 0; otherwise the event rules cut it to this many bytes. */
  rawMaxBytes: number;
  /** Log lines (type 100) are cut to this many bytes, as syslog messages are refused past it. */
  maxLogLineBytes?: number;
  /** Keeps whole calls (calls.enabled); every SIP message with a Call-ID goes to it. */
  calls?: HepCalls;
}

export interface HepTally {
  /** Responses dropped as retransmissions of one already counted. */
  retransmissions: number;
  /** Packets of other protocols (RTCP, DNS, ...), ignored. */
  ignored: number;
}

export const HEP_SIP_FORMAT = 'hep3-sip';

export class HepProcessor {
  private readonly authKey: Buffer | undefined;
  /** Running totals of every process() call's tally. */
  readonly totals: HepTally = { retransmissions: 0, ignored: 0 };

  constructor(private readonly deps: HepProcessorDeps) {
    this.authKey = deps.authKey === undefined ? undefined : Buffer.from(deps.authKey);
  }

  /** The packets of one datagram or one TCP read; `peer` is the sender's address. */
  process(packets: readonly Buffer[], peer: string, receivedAt: number, out: HepOutput): HepTally {
    const tally: HepTally = { retransmissions: 0, ignored: 0 };
    for (const bytes of packets) {
      const decoded = decodeHep(bytes);
      if (!decoded.ok) {
        out.reject(peer, 'hep-invalid');
        continue;
      }
      const packet = decoded.packet;
      const host = sourceHost(packet, peer);
      if (!this.authorised(packet)) {
        out.reject(host, 'hep-auth');
        continue;
      }
      if (packet.protoType === HEP_PROTO.sip) this.sip(packet, host, receivedAt, out, tally);
      else if (packet.protoType === HEP_PROTO.log) this.log(packet, host, receivedAt, out);
      else tally.ignored++;
    }
    this.totals.retransmissions += tally.retransmissions;
    this.totals.ignored += tally.ignored;
    return tally;
  }

  private authorised(packet: HepPacket): boolean {
    if (this.authKey === undefined) return true;
    if (packet.authKey === undefined) return false;
    const given = Buffer.from(packet.authKey);
    return given.length === this.authKey.length && timingSafeEqual(given, this.authKey);
  }

  private sip(packet: HepPacket, host: string, receivedAt: number, out: HepOutput, tally: HepTally): void {
    const payload = packet.payload;
    // Decoded once: parsed here, and kept as the event's raw text (the event rules cut it).
    const headers = payload === undefined ? undefined : sipHeaderText(payload);
    const msg = headers === undefined ? undefined : parseSipHeaders(headers);
    if (!msg) {
      out.unparsed(host, preview(payload));
      return;
    }
    const ts = hepTimestampMs(packet, receivedAt);
    const callId = msg.callId;
    const cseq = msg.cseq;
    const cseqMethod = msg.cseqMethod;
    const tracked = callId !== undefined && cseq !== undefined && cseqMethod !== undefined;
    const trunk = tracked ? this.deps.trunkOf(packet.srcIp, packet.dstIp) : undefined;
    const { tracker, calls } = this.deps;
    const keep = calls !== undefined && callId !== undefined && payload !== undefined;

    if (msg.kind === 'request') {
      if (tracked) {
        const hasToTag = msg.toTag !== undefined;
        tracker.request({ ts, callId, method: msg.method, cseq, hasToTag, trunk }, receivedAt);
      }
      if (keep) {
        const initialInvite = msg.method === 'INVITE' && msg.toTag === undefined;
        calls.message(
          packet,
          payload,
          captureTime(packet, receivedAt),
          callId,
          initialInvite ? { source: host, trunk } : undefined,
          false,
          receivedAt,
        );
      }
      return;
    }

    const fields = responseFields(msg, packet, ts);
    let outcome: CallOutcome | undefined;
    let retransmission = false;
    if (tracked) {
      const verdict = tracker.response(
        { ts, callId, code: msg.code, method: cseqMethod, cseq, trunk },
        receivedAt,
      );
      retransmission = verdict.retransmission;
      if (verdict.inDialog !== undefined) fields.inDialog = verdict.inDialog;
      if (verdict.cancelled !== undefined) fields.cancelled = verdict.cancelled;
      outcome = verdict.outcome;
      if (outcome) this.deps.timings.add(outcome, receivedAt);
    }
    if (keep) {
      // After the tracker: a response that is the call's outcome decides at once whether it is kept.
      // Only an INVITE request opens a call's buffer: a capture of replies alone keeps a call from
      // its final response on, and a stream of provisional replies costs no memory here.
      const ends = cseqMethod === 'BYE' && msg.code >= 200;
      const decided = outcome && { outcome, reason: msg.reason, source: host };
      calls.message(
        packet,
        payload,
        captureTime(packet, receivedAt),
        callId,
        undefined,
        ends,
        receivedAt,
        decided,
      );
    }
    if (retransmission) {
      tally.retransmissions++;
      return;
    }
    const meta: SourceMeta = {
      source: eventSource('hep', HEP_SIP_FORMAT, host),
      receivedAt,
      scope: 'transaction',
    };
    if (this.deps.rawMaxBytes > 0) meta.raw = headers;
    out.response(fields, meta);
  }

  private log(packet: HepPacket, host: string, receivedAt: number, out: HepOutput): void {
    const text = packet.payload?.toString('utf8') ?? '';
    const max = this.deps.maxLogLineBytes ?? Infinity;
    for (const line of text.split(/\r?\n/)) {
      if (line.trim() !== '') out.logLine(max < Infinity ? truncateUtf8(line, max) : line, host, receivedAt);
    }
  }
}

function responseFields(msg: SipResponse, packet: HepPacket, ts: number): HepResponseFields {
  const c: HepResponseFields = { code: msg.code, ts };
  if (msg.reason !== '') c.reason = msg.reason;
  if (msg.cseqMethod !== undefined) c.method = msg.cseqMethod;
  if (msg.callId !== undefined) c.callId = msg.callId;
  if (msg.cseq !== undefined) c.cseq = msg.cseq;
  if (msg.from !== undefined) c.from = msg.from;
  if (msg.to !== undefined) c.to = msg.to;
  if (packet.srcIp !== undefined) c.srcIp = packet.srcIp;
  if (packet.srcPort !== undefined) c.srcPort = packet.srcPort;
  if (packet.dstIp !== undefined) c.dstIp = packet.dstIp;
  if (packet.dstPort !== undefined) c.dstPort = packet.dstPort;
  return c;
}

/** The packet's capture time in ms, with its microseconds as a fraction (the ladder shows them). */
function captureTime(packet: HepPacket, receivedAt: number): number {
  if (!packet.timeSec) return receivedAt;
  return packet.timeSec * 1000 + (packet.timeUsec ?? 0) / 1000;
}

/** The capture agent's name, else its id, else the address the packet came from. */
export function sourceHost(packet: HepPacket, peer: string): string {
  return captureAgent(packet) ?? peer;
}

function preview(payload: Buffer | undefined): string {
  if (payload === undefined) return '(no payload)';
  const text = payload.toString('utf8', 0, Math.min(payload.length, 512));
  const eol = text.indexOf('\n');
  return eol === -1 ? text : text.slice(0, eol).replace(/\r$/, '');
}
