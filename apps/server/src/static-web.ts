import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import express from 'express';
import expressStaticGzip from 'express-static-gzip';
import type { Router } from 'express';

/**
 * Serves the built dashboard at / with single-page-app fallback, brotli or gzip as the browser
 * accepts (precompressed at build). Vite's hashed assets
 * (/assets/*-<hash>.js) never change, so they are cached for a year; index.html is revalidated on
 * every load so a new build shows at once.
 */

/** apps/web/dist, found relative to this file (src/ under tsx, dist/ when built). */
export function defaultWebRoot(): string {
  return fileURLToPath(new URL('../../web/dist', import.meta.url));
}

/** Paths the dashboard never owns: they 404 as JSON rather than return index.html. */
const NOT_SPA = /^\/(api|socket\.io|metrics|healthz|readyz)(\/|$)/;

export function staticWebRouter(root: string): Router | undefined {
  const index = path.join(root, 'index.html');
  if (!existsSync(index) || !statSync(index).isFile()) return undefined;
  const router = express.Router();
  const cacheFor = (file: string): string =>
    file === index || file.startsWith(`${index}.`)
      ? 'no-cache'
      : file.includes(`${path.sep}assets${path.sep}`)
        ? 'public, max-age=31536000, immutable'
        : 'public, max-age=300';
  // The build writes .br and .gz copies (vite.config.ts); the one the browser takes is sent as is.
  router.use(
    expressStaticGzip(root, {
      enableBrotli: true,
      orderPreference: ['br', 'gzip'],
      index: false,
      serveStatic: {
        index: false,
        setHeaders(res, file) {
          res.setHeader('Cache-Control', cacheFor(file));
        },
      },
    }),
  );
  router.get(/.*/, (req, res, next) => {
    if (NOT_SPA.test(req.path) || !req.accepts('html')) {
      next();
      return;
    }
    res.setHeader('Cache-Control', 'no-cache');
    res.sendFile(index);
  });
  return router;
}
