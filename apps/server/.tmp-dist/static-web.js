import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import express from 'express';
/**
 * Serves the built dashboard at / with single-page-app fallback. Vite's hashed assets
 * (/assets/*-<hash>.js) never change, so they are cached for a year; index.html is revalidated on
 * every load so a new build shows at once.
 */
/** apps/web/dist, found relative to this file (src/ under tsx, dist/ when built). */
export function defaultWebRoot() {
    return fileURLToPath(new URL('../../web/dist', import.meta.url));
}
/** Paths the dashboard never owns: they 404 as JSON rather than return index.html. */
const NOT_SPA = /^\/(api|socket\.io|metrics|healthz|readyz)(\/|$)/;
export function staticWebRouter(root) {
    const index = path.join(root, 'index.html');
    if (!existsSync(index) || !statSync(index).isFile())
        return undefined;
    const router = express.Router();
    router.use(express.static(root, {
        index: false,
        setHeaders(res, file) {
            if (file === index)
                res.setHeader('Cache-Control', 'no-cache');
            else if (file.includes(`${path.sep}assets${path.sep}`)) {
                res.setHeader('Cache-Control', 'public, max-age=31536000, immutable');
            }
            else
                res.setHeader('Cache-Control', 'public, max-age=300');
        },
    }));
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
//# sourceMappingURL=static-web.js.map