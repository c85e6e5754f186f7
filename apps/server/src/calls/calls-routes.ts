import { Router } from 'express';
import { annotateMessages, buildLadder, callFileName, textLadder } from '@sipwatch/wire';
import type { CallDetail, CallsPage, CallSummary, CapturedMessage } from '@sipwatch/wire';
import { DomainError } from '../domain-error.js';
import type { CallQuery, StoredCall } from '../store/store.js';
import { CallIdPathParam, CallsParams, nextCursorOf, parseParams } from '../api/params.js';
import { agentLabels } from './agent-labels.js';
import { callPcapng } from './pcapng.js';

/** Where kept calls are read: this node's SQLite file, or on a cluster node every node's in PostgreSQL. */
export interface CallReads {
  queryCalls(query: CallQuery): StoredCall[] | Promise<StoredCall[]>;
  readCall(
    callId: string,
  ):
    | { call: CallSummary; messages: CapturedMessage[] }
    | undefined
    | Promise<{ call: CallSummary; messages: CapturedMessage[] } | undefined>;
}

export interface CallsRouteDeps {
  store: CallReads;
  /** The name of an address where known (the trunk map). */
  labelOf(ip: string): string | undefined;
}

/**
 * Kept calls (docs/calls.md): the search, one call with its messages, and its exports (the text
 * ladder and a pcap-ng file for Wireshark or a carrier ticket).
 */
export function callsRouter(deps: CallsRouteDeps): Router {
  const router = Router();

  const detailOf = async (raw: unknown): Promise<CallDetail> => {
    const callId = parseParams(CallIdPathParam, raw);
    const kept = await deps.store.readCall(callId);
    if (!kept) throw new DomainError('not-found', 'no call with this Call-ID is kept');
    const messages = annotateMessages(kept.messages);
    const labels: Record<string, string> = {};
    for (const m of messages) {
      for (const ip of [m.srcIp, m.dstIp]) {
        const label = deps.labelOf(ip);
        if (label !== undefined) labels[ip] = label;
      }
    }
    // Where the trunk map names no address: the capture agent whose own address it is.
    Object.assign(
      labels,
      agentLabels(messages, (ip) => labels[ip] !== undefined),
    );
    return { call: kept.call, messages, labels };
  };

  router.get('/api/v1/calls', async (req, res) => {
    const p = parseParams(CallsParams, req.query);
    const calls = await deps.store.queryCalls({
      callId: p.callId,
      fromUser: p.fromUser,
      toUser: p.toUser,
      number: p.number,
      trunk: p.trunk,
      code: p.code,
      from: p.from,
      to: p.to,
      beforeId: p.cursor === undefined ? undefined : Number(p.cursor),
      limit: p.limit,
    });
    const body: CallsPage = {
      calls: calls.map(({ id: _id, ...call }) => call),
      nextCursor: nextCursorOf(calls, p.limit),
    };
    res.json(body);
  });

  router.get('/api/v1/calls/:callId', async (req, res) => {
    res.json(await detailOf(req.params.callId));
  });

  router.get('/api/v1/calls/:callId/ladder', async (req, res) => {
    const detail = await detailOf(req.params.callId);
    const ladder = buildLadder(detail.messages, (ip) => detail.labels[ip]);
    res.type('text/plain; charset=utf-8');
    res.setHeader('Content-Disposition', `inline; filename="${callFileName(detail.call.callId)}.txt"`);
    res.send(textLadder(detail.call, ladder));
  });

  router.get('/api/v1/calls/:callId/pcapng', async (req, res) => {
    const detail = await detailOf(req.params.callId);
    res.type('application/x-pcapng');
    res.setHeader('Content-Disposition', `attachment; filename="${callFileName(detail.call.callId)}.pcapng"`);
    res.send(callPcapng(detail.messages));
  });

  return router;
}
