import type { Request, Response } from 'express';
import { peerAddress } from '../syslog/peer.js';

/** The error vocabulary of the intake's HTTP answers (also the stats' rejection reasons). */
export const HTTP_ERRORS = [
  'unauthorized',
  'bad-signature',
  'unsupported-media-type',
  'too-large',
  'too-many-items',
  'malformed-json',
  'malformed-body',
  'unknown-mapping',
  'invalid',
] as const;
export type HttpError = (typeof HTTP_ERRORS)[number];

export function sendError(
  res: Response,
  status: number,
  error: HttpError,
  message: string,
  extra: Record<string, unknown> = {},
): void {
  res.status(status).json({ error, message, ...extra });
}

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
