import { categoryOf } from '@sipwatch/codes';
import type { CapturedMessage } from '@sipwatch/wire';
import type { Config } from '../../config.js';
import { CallCapture } from '../../core/call-capture.js';
import type { CaptureBatch, CaptureOutcome } from '../../core/call-capture.js';
import type { CallOutcome } from '../../core/call-tracker.js';
import type { HashSeed } from '../../core/hash53.js';
import type { CallsWrite } from '../../store/store.js';
import { truncateUtf8 } from '../normalise-text.js';
import { addressUri, maskUserPart, maskUserPartsInText } from '../normalise-uri.js';
import type { HepPacket } from './decoder.js';
import { parseSipMessage } from './sip-message.js';
import { captureAgent } from './capture-agent.js';

/**
 * The shell around core/call-capture.ts for HEP: what a message is while it waits (the packet's
 * addresses and a view of its payload, nothing decoded), and what it becomes once its call is
 * kept (text, cut to calls.maxMessageBytes, user parts masked when ingest.maskUserParts is on).
 * Only kept calls pay for decoding and masking.
 */

interface WaitingMessage {
  ts: number;
  srcIp: string;
  srcPort: number;
  dstIp: string;
  dstPort: number;
  ipProtocol: number;
  /** The HEP capture agent's name or id, when the packet carries one. */
  agent: string | undefined;
  payload: Buffer;
}

export interface HepCalls {
  /**
   * Every SIP message with a Call-ID; `outcome` (with the reason phrase and the capture agent) when
   * this response is the call attempt's outcome. `start`: an initial INVITE opens the call's buffer,
   * with what the call is kept as if it never gets a final response.
   */
  message(
    packet: HepPacket,
    payload: Buffer,
    ts: number,
    callId: string,
    start: { source: string; trunk: string | undefined } | undefined,
    ends: boolean,
    now: number,
    outcome?: { outcome: CallOutcome; reason: string; source: string },
  ): void;
  sweep(now: number): void;
  /** What the next flush writes (undefined: nothing). */
  take(): CallsWrite | undefined;
  /** A write that failed, kept for the next flush within calls.maxPendingBytes. */
  restore(write: CallsWrite): void;
  readonly capture: CallCapture<WaitingMessage>;
}

function captureOutcome({
  outcome,
  reason,
  source,
}: {
  outcome: CallOutcome;
  reason: string;
  source: string;
}): CaptureOutcome {
  const o: CaptureOutcome = { callId: outcome.callId, code: outcome.code, result: outcome.result, source };
  if (reason !== '') o.reason = reason;
  if (outcome.trunk !== undefined) o.trunk = outcome.trunk;
  if (outcome.pddMs !== undefined) o.pddMs = outcome.pddMs;
  if (outcome.setupMs !== undefined) o.setupMs = outcome.setupMs;
  return o;
}

export function createHepCalls(config: Config, hashSeed: HashSeed): HepCalls {
  const opts = config.calls;
  const mask = config.ingest.maskUserParts;
  const capture = new CallCapture<WaitingMessage>({
    failedPerMinute: opts.failedPerMinute,
    sampleShare: opts.sampleShare,
    maxMessagesPerCall: opts.maxMessagesPerCall,
    maxPendingCalls: opts.maxPendingCalls,
    maxPendingBytes: opts.maxPendingBytes,
    pendingTimeoutMs: 5 * 60_000,
    lingerMs: 32_000,
    dialogTimeoutMs: 2 * 60 * 60_000,
    maxKeptCalls: opts.maxPendingCalls,
    hashSeed,
  });
  let retry: CallsWrite | undefined;

  const textOf = (m: WaitingMessage): CapturedMessage => {
    // A view of the packet is copied out as text here, once the call is kept.
    const text = truncateUtf8(m.payload.toString('utf8'), opts.maxMessageBytes);
    return {
      ts: m.ts,
      srcIp: m.srcIp,
      srcPort: m.srcPort,
      dstIp: m.dstIp,
      dstPort: m.dstPort,
      ipProtocol: m.ipProtocol,
      ...(m.agent !== undefined && { agent: m.agent }),
      text: mask ? maskUserPartsInText(text) : text,
    };
  };
  const party = (value: string | undefined): { uri?: string; user?: string } => {
    if (value === undefined) return {};
    const uri = addressUri(value);
    if (mask) return { uri: maskUserPart(uri) };
    const user = /^(?:sips?|tel):([^@;]*)/i.exec(uri)?.[1];
    return user ? { uri, user } : { uri };
  };
  const convert = (batch: CaptureBatch<WaitingMessage>): CallsWrite => ({
    calls: batch.calls.map((c) => {
      const first = c.messages[0];
      const sip = first ? parseSipMessage(first.payload) : undefined;
      const from = party(sip?.from);
      const to = party(sip?.to);
      const o = c.outcome;
      return {
        record: {
          callId: o.callId,
          ...(o.code !== undefined && { code: o.code }),
          ...(o.reason !== undefined && o.reason !== '' && { reason: o.reason }),
          result: o.result,
          // No final response: the far end or the network failed to answer, as a 408 says.
          category:
            (o.code !== undefined && categoryOf(o.code, config.aggregation.categoryOverrides)) || 'network',
          ...(o.trunk !== undefined && { trunk: o.trunk }),
          source: o.source,
          ...(from.uri !== undefined && { from: from.uri }),
          ...(to.uri !== undefined && { to: to.uri }),
          ...(o.pddMs !== undefined && { pddMs: o.pddMs }),
          ...(o.setupMs !== undefined && { setupMs: o.setupMs }),
        },
        ...(from.user !== undefined && { fromUser: from.user }),
        ...(to.user !== undefined && { toUser: to.user }),
        messages: c.messages.map(textOf),
        truncated: c.truncated,
      };
    }),
    appends: batch.appends.map((a) => ({
      callId: a.callId,
      from: a.from,
      messages: a.messages.map(textOf),
      truncated: a.truncated,
    })),
    maxStored: opts.maxStored,
  });

  return {
    capture,
    message(packet, payload, ts, callId, start, ends, now, outcome) {
      const make = (): WaitingMessage => ({
        ts,
        srcIp: packet.srcIp ?? '0.0.0.0',
        srcPort: packet.srcPort ?? 0,
        dstIp: packet.dstIp ?? '0.0.0.0',
        dstPort: packet.dstPort ?? 0,
        ipProtocol: packet.ipProtocol ?? 17,
        agent: captureAgent(packet),
        payload,
      });
      if (outcome === undefined) {
        const unanswered =
          start &&
          ((): CaptureOutcome => ({
            callId,
            code: undefined,
            result: 'failed',
            source: start.source,
            ...(start.trunk !== undefined && { trunk: start.trunk }),
          }));
        capture.message(
          callId,
          make,
          payload.length,
          start !== undefined,
          ends,
          now,
          undefined,
          undefined,
          unanswered,
        );
      } else {
        const describe = (): CaptureOutcome => captureOutcome(outcome);
        capture.message(callId, make, payload.length, false, ends, now, outcome.outcome.result, describe);
      }
    },
    sweep: (now) => capture.sweep(now),
    take() {
      const batch = capture.take();
      const fresh = batch.calls.length + batch.appends.length > 0 ? convert(batch) : undefined;
      const before = retry;
      retry = undefined;
      if (!before) return fresh;
      if (!fresh) return before;
      return {
        calls: before.calls.concat(fresh.calls),
        appends: before.appends.concat(fresh.appends),
        maxStored: opts.maxStored,
      };
    },
    restore(write) {
      // Within the memory bound: the newest calls are the ones given up when writes keep failing.
      let bytes = 0;
      const within = <T extends { messages: CapturedMessage[] }>(list: T[]): T[] =>
        list.filter((c) => {
          bytes += c.messages.reduce((n, m) => n + m.text.length, 0);
          return bytes <= opts.maxPendingBytes;
        });
      retry = { calls: within(write.calls), appends: within(write.appends), maxStored: write.maxStored };
    },
  };
}
