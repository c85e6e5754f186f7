import { Router } from 'express';
import type { Config } from '../config.js';
import type { Logger } from '../logger.js';
/** GET /api/v1/ui-config: the few settings the dashboard needs. */
export declare function uiConfigRouter(config: Config, logger: Logger): Router;
