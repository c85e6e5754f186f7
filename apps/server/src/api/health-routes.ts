import { Router } from 'express';
import type { Metrics } from '../metrics.js';
import type { Readiness } from '../pipeline-runtime.js';

/** /healthz (the process answers), /readyz (it listens and saves), /metrics (Prometheus text). */
export function healthRouter(readiness: () => Readiness, metrics: Metrics): Router {
  const router = Router();
  router.get('/healthz', (_req, res) => {
    res.json({ ok: true });
  });
  router.get('/readyz', (_req, res) => {
    const body = readiness();
    res.status(body.ready ? 200 : 503).json(body);
  });
  router.get('/metrics', async (_req, res) => {
    const text = await metrics.registry.metrics();
    res.setHeader('Content-Type', metrics.registry.contentType);
    res.send(text);
  });
  return router;
}
