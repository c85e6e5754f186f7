import type { Request, Response } from 'express';
/** The error vocabulary of the intake's HTTP answers (also the stats' rejection reasons). */
export declare const HTTP_ERRORS: readonly ["unauthorized", "bad-signature", "unsupported-media-type", "too-large", "malformed-json", "malformed-body", "unknown-mapping", "invalid"];
export type HttpError = (typeof HTTP_ERRORS)[number];
export declare function sendError(res: Response, status: number, error: HttpError, message: string, extra?: Record<string, unknown>): void;
/** The sender as the stats know it: the socket's peer address (no proxy headers are trusted). */
export declare function requestHost(req: Request): string;
/** `application/json; charset=utf-8` → `application/json`; undefined when absent. */
export declare function mediaType(req: Request): string | undefined;
