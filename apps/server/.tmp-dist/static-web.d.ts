import type { Router } from 'express';
/**
 * Serves the built dashboard at / with single-page-app fallback. Vite's hashed assets
 * (/assets/*-<hash>.js) never change, so they are cached for a year; index.html is revalidated on
 * every load so a new build shows at once.
 */
/** apps/web/dist, found relative to this file (src/ under tsx, dist/ when built). */
export declare function defaultWebRoot(): string;
export declare function staticWebRouter(root: string): Router | undefined;
