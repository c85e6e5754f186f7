import type { Request } from 'express';
import { peerAddress } from '../syslog/peer.js';

/** The sender as the stats know it: the socket's peer address (no proxy headers are trusted). */
export function requestHost(req: Request): string {
  return peerAddress(req.socket.remoteAddress);
}

/** `application/json; charset=utf-8` → `application/json`; undefined when absent. */
export function mediaType(req: Request): string | undefined {
  const header = req.headers['content-type'];
  if (!header) return undefined;
  return header.split(';')[0]!.trim().toLowerCase() || undefined;
}
