import type { Request, RequestHandler } from 'express';
export type AdminCheck = 'open' | 'ok' | 'missing' | 'wrong';
export declare function checkAdmin(req: Request, token: string | undefined): AdminCheck;
/** Whether the caller may see credentials (targets' URLs and secrets). */
export declare function isAdmin(req: Request, token: string | undefined): boolean;
export declare function requireAdmin(token: string | undefined): RequestHandler;
