import { Router } from 'express';
import type { Config } from '../config.js';
import type { Logger } from '../logger.js';
import type { UiConfig } from '@sipwatch/wire';

/** GET /api/v1/ui-config: the few settings the dashboard needs. */
export function uiConfigRouter(config: Config, logger: Logger): Router {
  const router = Router();
  const body: UiConfig = { callIdUrlTemplate: safeTemplate(config.capture.callIdUrlTemplate, logger) };
  router.get('/api/v1/ui-config', (_req, res) => {
    res.json(body);
  });
  return router;
}

/** The dashboard turns the template into a link: only http(s) URLs may become one. */
function safeTemplate(template: string | undefined, logger: Logger): string | null {
  if (template === undefined || template === '') return null;
  if (/^https?:\/\//i.test(template)) return template;
  logger.warn('capture.callIdUrlTemplate ignored: it must start with http:// or https://');
  return null;
}
