import { Router } from 'express';
import { annotateMessages, buildLadder, callFileName, textLadder } from '@sipwatch/wire';
import type { CallDetail, CallsPage } from '@sipwatch/wire';
import { DomainError } from '../domain-error.js';
import type { Store } from '../store/store.js';
import { CallIdPathParam, CallsParams, parseParams } from '../api/params.js';
import { callPcapng } from './pcapng.js';

export interface CallsRouteDeps {
  store: Pick<Store, 'queryCalls' | 'readCall'>;
  /** The name of an address where known (the trunk map). */
  labelOf(ip: string): string | undefined;
}

/**
 * Kept calls (docs/calls.md): the search, one call with its messages, and its exports (the text
 * ladder and a pcap-ng file for Wireshark or a carrier ticket).
 */
export function callsRouter(deps: CallsRouteDeps): Router {
  const router = Router();

  const detailOf = (raw: unknown): CallDetail => {
    const callId = parseParams(CallIdPathParam, raw);
    const kept = deps.store.readCall(callId);
    if (!kept) throw new DomainError('not-found', 'no call with this Call-ID is kept');
    const messages = annotateMessages(kept.messages);
    const labels: Record<string, string> = {};
    for (const m of messages) {
      for (const ip of [m.srcIp, m.dstIp]) {
        const label = deps.labelOf(ip);
        if (label !== undefined) labels[ip] = label;
      }
    }
    return { call: kept.call, messages, labels };
  };

  router.get('/api/v1/calls', (req, res) => {
    const p = parseParams(CallsParams, req.query);
    const calls = deps.store.queryCalls({
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
      nextCursor: calls.length === p.limit ? String(calls[calls.length - 1]!.id) : null,
    };
    res.json(body);
  });

  router.get('/api/v1/calls/:callId', (req, res) => {
    res.json(detailOf(req.params.callId));
  });

  router.get('/api/v1/calls/:callId/ladder', (req, res) => {
    const detail = detailOf(req.params.callId);
    const ladder = buildLadder(detail.messages, (ip) => detail.labels[ip]);
    res.type('text/plain; charset=utf-8');
    res.setHeader('Content-Disposition', `inline; filename="${callFileName(detail.call.callId)}.txt"`);
    res.send(textLadder(detail.call, ladder));
  });

  router.get('/api/v1/calls/:callId/pcapng', (req, res) => {
    const detail = detailOf(req.params.callId);
    res.type('application/x-pcapng');
    res.setHeader('Content-Disposition', `attachment; filename="${callFileName(detail.call.callId)}.pcapng"`);
    res.send(callPcapng(detail.messages));
  });

  return router;
}
